// Makes a fresh checkout ready: installs the npm packages (which builds the models) when they are missing,
// and, for the tests, checks the system tools they drive. Plain Node with no dependencies, because it runs
// before anything is installed. No POSIX-only call: it runs the same on Windows, macOS and Linux.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const forTests = process.argv.includes('--tests');

/** Whether a program is on the PATH (with any of Windows' executable extensions there). */
function has(cmd) {
  const extensions =
    process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && extensions.some((ext) => existsSync(join(dir, cmd + ext))));
}

/**
 * Runs npm. Under `npm start` or `npm test`, npm says where its own script is (npm_execpath), which runs with
 * this same Node on every system; otherwise npm is found on the PATH, through the shell on Windows, where it
 * is npm.cmd and Node refuses to start a .cmd without one.
 */
function npm(args) {
  const cli = process.env.npm_execpath;
  if (cli && /\.[cm]?js$/.test(cli)) {
    execFileSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  } else {
    execFileSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  }
}

const lock = statSync('package-lock.json', { throwIfNoEntry: false });
const installed = statSync('node_modules/.package-lock.json', { throwIfNoEntry: false });
if (!installed || (lock && lock.mtimeMs > installed.mtimeMs + 1000)) {
  console.log('attune: installing packages (npm ci)…');
  npm(['ci', '--no-audit', '--no-fund']);
} else if (!existsSync('assets/models/pose_landmarker_lite.task') || !existsSync('assets/wasm')) {
  execFileSync(process.execPath, ['scripts/build-models.mjs'], { stdio: 'inherit' });
}

if (forTests) {
  const needed = [
    ['chromium', existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')],
    ['ffmpeg', has('ffmpeg')],
    ['sox', has('sox') && has('soxi')],
    ['espeak-ng', has('espeak-ng')],
    ['poppler-utils', has('pdftoppm')],
  ];
  const missing = needed.filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length > 0) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (root && has('apt-get')) {
      console.log(`attune: installing ${missing.join(', ')} with apt-get…`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
        stdio: 'inherit',
        env,
      });
    } else {
      console.error(
        `attune: the tests need ${missing.join(', ')}. On Debian: sudo apt-get install ${missing.join(' ')}`,
      );
      process.exit(1);
    }
  }
}
