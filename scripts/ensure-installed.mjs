// Makes a fresh checkout ready: installs the npm packages (which builds the models) when they are missing,
// and, for the tests, checks the system tools they drive. Plain Node with no dependencies, because it runs
// before anything is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const forTests = process.argv.includes('--tests');

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const lock = statSync('package-lock.json', { throwIfNoEntry: false });
const installed = statSync('node_modules/.package-lock.json', { throwIfNoEntry: false });
if (!installed || (lock && lock.mtimeMs > installed.mtimeMs + 1000)) {
  console.log('attune: installing packages (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
} else if (!existsSync('assets/models/pose_landmarker_lite.task') || !existsSync('assets/wasm')) {
  execFileSync('node', ['scripts/build-models.mjs'], { stdio: 'inherit' });
}

if (forTests) {
  const needed = [
    ['chromium', existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')],
    ['ffmpeg', has('ffmpeg')],
    ['sox', has('sox') && has('soxi')],
    ['espeak-ng', has('espeak-ng')],
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
