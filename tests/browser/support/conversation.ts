import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type MicFile, makeVoiceMicFile, mixMicFile, spokenClip, TMP_DIR } from './media.ts';

/**
 * Microphone files for the staff-voice tests: the practitioner alone (to record a staff voice), and a learner and
 * that same practitioner taking turns. The practitioner is the adult voice of `makeVoiceMicFile` (espeak-ng en+f3,
 * pitch 55); each learner is a child's voice made like the unit tests' (tests/unit/support/voices.ts): a high
 * espeak-ng voice shifted up with sox, formants and all, as a child's vocal tract is shorter.
 */

export interface ChildVoice {
  /** espeak-ng voice+variant, pitch 0..99, speed (words a minute), and the sox shift in cents. */
  voice: string;
  pitch: number;
  speed: number;
  shiftCents: number;
}

export const GIRL: ChildVoice = { voice: 'en+f2', pitch: 90, speed: 140, shiftCents: 400 };
export const BOY: ChildVoice = { voice: 'en+m3', pitch: 99, speed: 130, shiftCents: 500 };

const PRACTITIONER = ['-v', 'en+f3', '-p', '55', '-s', '140'];

/** The practitioner alone, talking twice in a 10 s loop: what "Record my voice" hears. */
export function practitionerAloneMicFile(): MicFile {
  return makeVoiceMicFile();
}

/**
 * The learner and the practitioner taking turns in a 14 s loop: learner, practitioner, learner, practitioner,
 * learner, practitioner, each answered about a second after the other stops. The truth (who, when) is in the
 * returned file's `vocalisations`, in order: learner first, then alternating.
 */
export function conversationMicFile(name: string, child: ChildVoice): MicFile {
  mkdirSync(TMP_DIR, { recursive: true });
  const learnerSounds = ['aah', 'ba ba ba', 'ooh'];
  const practitionerPhrases = ['hello there', 'well done', 'your turn now'];
  const at = [500, 2300, 4800, 6600, 9100, 10900];
  return mixMicFile(name, 14_000, () =>
    at.map((ms, i) => {
      const turn = Math.floor(i / 2);
      const path = join(TMP_DIR, `${name}-c${i}.wav`);
      if (i % 2 === 0) {
        const espeak = ['-v', child.voice, '-p', String(child.pitch), '-s', String(child.speed)];
        spokenClip(path, espeak, learnerSounds[turn] as string, undefined, child.shiftCents);
      } else {
        spokenClip(path, PRACTITIONER, practitionerPhrases[turn] as string);
      }
      return { path, at: ms };
    }),
  );
}
