/**
 * The whose-voice background: profiles of learner-like voices that are neither enrolled voice (real infants,
 * espeak-ng voices raised to children's pitch, synthetic children) and of other adults (a real man reading,
 * espeak-ng voices), made by scripts/bench/voiceBackground.ts,
 * which names each source and its licence. Generated: do not edit by hand; run that script again after a change
 * to the voice feature (FEATURE_VERSION). A media test checks that the script still makes exactly this table.
 */
import type { VoiceProfile } from './whoseVoice.ts';

export interface BackgroundVoice {
  /** Where the voice comes from. */
  source: string;
  /** A learner-like voice, or another adult (a visitor across the room). */
  kind: 'child' | 'adult';
  profile: VoiceProfile;
}

export const BACKGROUND_VOICES: readonly BackgroundVoice[] = [
  {
    source: 'real infant, tests/fixtures/infant-cry-5.wav',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 635,
      segments: 4,
      f0: {
        mean: 8.555,
        sd: 0.2207,
      },
      cep: [1.97, -0.82, 0.65, -0.26, 0.96, -0.12, 0.97, -0.46, -0.25, 0.41, -0.21, 0.21],
      cepVar: [
        0.3132, 0.9255, 0.4047, 0.0151, 0.0153, 0.2209, 0.0629, 0.0119, 0.0662, 0.0227, 0.0591, 0.0326,
      ],
    },
  },
  {
    source: 'real infant, tests/fixtures/infant-cry-6.wav',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 559,
      segments: 3,
      f0: {
        mean: 8.5102,
        sd: 0.1441,
      },
      cep: [5.07, -1.2, 2.4, -5.14, -0.71, -0.68, -3.2, -1.21, -2.29, -1.18, -0.71, 0.17],
      cepVar: [3.4642, 0.6807, 0.3358, 5.5535, 0.7084, 2.0456, 0.9117, 0.0739, 1.8505, 0.0292, 0.1739, 0.421],
    },
  },
  {
    source: 'real infant, tests/fixtures/infant-cry-7.wav',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 579,
      segments: 3,
      f0: {
        mean: 8.8291,
        sd: 0.513,
      },
      cep: [1.3, -1.69, 0.9, -1.95, 0.43, 0.32, 0.58, -0.27, -0.02, 0.2, 0.12, 0.95],
      cepVar: [
        1.2674, 3.3519, 1.1219, 2.1675, 0.0145, 0.1581, 0.1981, 0.2638, 0.2257, 0.0706, 0.0327, 0.1928,
      ],
    },
  },
  {
    source: 'real infant, tests/fixtures/infant-cry-8.wav',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 612,
      segments: 4,
      f0: {
        mean: 9.0649,
        sd: 0.2485,
      },
      cep: [3.48, -0.16, -0.18, -1.35, -0.87, 0.41, 0.39, 0.09, 0.97, 0.76, 0.46, 0.03],
      cepVar: [0.4093, 1.1001, 0.138, 1.647, 0.2106, 0.2611, 0.4854, 0.4062, 0.4434, 0.0358, 0.2394, 0.1882],
    },
  },
  {
    source: 'espeak-ng en+m2, pitch 90, raised 300 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1346,
      segments: 14,
      f0: {
        mean: 7.5365,
        sd: 0.1859,
      },
      cep: [2.58, 2.11, -0.58, 1, -0.61, -0.06, 0.77, -0.16, -0.42, 0.04, 0.3, 0.28],
      cepVar: [0.7496, 6.339, 3.2035, 2.4113, 0.6487, 0.4888, 0.6789, 0.2187, 0.1576, 0.4721, 0.4228, 0.0673],
    },
  },
  {
    source: 'espeak-ng en+m4, pitch 95, raised 450 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1501,
      segments: 14,
      f0: {
        mean: 7.4835,
        sd: 0.1479,
      },
      cep: [2.84, 1.02, -0.2, 1.01, -0.26, -0.26, 0.29, -0.37, -0.01, 0.48, 0.08, 0.21],
      cepVar: [
        0.5355, 5.4176, 1.0963, 3.9656, 1.3515, 0.9607, 0.9382, 0.6636, 0.4555, 0.7217, 0.8533, 0.3962,
      ],
    },
  },
  {
    source: 'espeak-ng en+m5, pitch 99, raised 350 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1390,
      segments: 14,
      f0: {
        mean: 7.5924,
        sd: 0.1352,
      },
      cep: [3.17, 0.95, -0.8, 1.17, -0.49, 0.08, 0.56, -0.1, -0.39, 0.28, 0.26, 0.3],
      cepVar: [0.672, 4.1491, 2.5062, 2.097, 0.5783, 0.3476, 0.5637, 0.3577, 0.1733, 0.2821, 0.4366, 0.1957],
    },
  },
  {
    source: 'espeak-ng en+m6, pitch 85, raised 500 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1361,
      segments: 14,
      f0: {
        mean: 7.5251,
        sd: 0.1809,
      },
      cep: [3.94, 0.71, -1.54, 1.59, -0.25, -0.17, 0.11, -0.03, -0.02, 0.28, 0.14, 0.17],
      cepVar: [2.2724, 7.5327, 4.7068, 4.2824, 0.3212, 0.3591, 0.2595, 0.1238, 0.0819, 0.1218, 0.276, 0.1183],
    },
  },
  {
    source: 'espeak-ng en+Annie, pitch 80, raised 300 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1307,
      segments: 14,
      f0: {
        mean: 8.4055,
        sd: 0.3677,
      },
      cep: [2.23, 0.54, -0.36, 1.84, -0.95, -0.31, -0.55, -0.54, -0.44, 0.01, -0.17, -0.02],
      cepVar: [
        0.3935, 12.054, 1.0116, 6.0609, 1.2516, 1.7106, 0.5708, 0.9754, 0.7228, 0.2495, 0.2078, 0.4161,
      ],
    },
  },
  {
    source: 'espeak-ng en+linda, pitch 85, raised 400 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1455,
      segments: 14,
      f0: {
        mean: 8.7272,
        sd: 0.1405,
      },
      cep: [2.13, 0.42, -0.18, 1.3, -1.02, -0.89, -0.55, -0.21, -0.02, 0.13, 0.83, 0.92],
      cepVar: [0.383, 7.362, 1.3106, 4.0542, 0.712, 0.5027, 0.2506, 1.1327, 0.4587, 0.3245, 0.4919, 0.1951],
    },
  },
  {
    source: 'espeak-ng en+steph, pitch 80, raised 350 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1242,
      segments: 14,
      f0: {
        mean: 8.3281,
        sd: 0.1316,
      },
      cep: [5.44, 2, 0.4, 0.33, -0.85, -1.32, -1.04, -1.2, -1.08, -1.19, -0.96, -0.67],
      cepVar: [
        3.6872, 2.2077, 0.8416, 2.6962, 0.4609, 0.9246, 0.5851, 1.0947, 0.3851, 0.5948, 0.8217, 0.5129,
      ],
    },
  },
  {
    source: 'espeak-ng en+adam, pitch 95, raised 450 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1337,
      segments: 14,
      f0: {
        mean: 7.609,
        sd: 0.1414,
      },
      cep: [2.83, 0.33, -0.71, 0.9, 0.14, -0.02, -0.04, -0.03, 0, 0.19, 0.02, 0.11],
      cepVar: [
        0.3502, 4.9442, 0.9198, 2.0604, 0.3191, 0.2988, 0.1638, 0.0624, 0.0382, 0.0435, 0.0256, 0.0301,
      ],
    },
  },
  {
    source: 'espeak-ng en+max, pitch 90, raised 250 cents',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1293,
      segments: 14,
      f0: {
        mean: 7.4099,
        sd: 0.1713,
      },
      cep: [3.45, 2.01, -0.14, 1.32, 0.39, -0.35, 0.08, 0.08, -0.46, 0.07, 0.34, 0.22],
      cepVar: [
        2.2896, 2.9148, 3.8621, 3.2736, 2.4816, 0.7605, 1.4308, 0.3786, 0.6448, 0.2671, 0.1961, 0.6213,
      ],
    },
  },
  {
    source: 'synthetic child, F0 260 Hz, formants 850/2400/3500 Hz',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 972,
      segments: 16,
      f0: {
        mean: 8.2149,
        sd: 0.4501,
      },
      cep: [5.49, 1.55, -0.9, -1.4, 0.92, 0.41, -2.08, -1.4, 0.1, -0.82, 0.79, 0.14],
      cepVar: [
        17.6368, 10.1556, 5.5496, 5.1762, 2.7985, 1.7717, 0.9921, 2.7056, 2.7886, 4.0434, 5.815, 3.6266,
      ],
    },
  },
  {
    source: 'synthetic child, F0 360 Hz, formants 1000/2900/3900 Hz',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1092,
      segments: 16,
      f0: {
        mean: 8.8816,
        sd: 0.4677,
      },
      cep: [4, 0.94, -2.34, -1.38, 0.44, -1.87, -1.62, 1.06, 0.28, -0.56, -0.78, -0.87],
      cepVar: [
        10.4601, 7.74, 6.7644, 3.2212, 4.1022, 0.8474, 3.3991, 13.4899, 6.3037, 4.4244, 3.8748, 4.0068,
      ],
    },
  },
  {
    source: 'synthetic child, F0 480 Hz, formants 1100/3100/4300 Hz',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1077,
      segments: 16,
      f0: {
        mean: 9.2441,
        sd: 0.5042,
      },
      cep: [3.99, -0.29, -3.4, -1.2, 0.6, -0.62, -0.53, -0.02, -0.61, 1.75, 1.45, 0.9],
      cepVar: [16.6973, 1.628, 2.0274, 4.2184, 11.0117, 9.086, 7.528, 5.3173, 8.5487, 6.2255, 6.4692, 4.7975],
    },
  },
  {
    source: 'synthetic child, F0 550 Hz, formants 1300/3400/4500 Hz',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1098,
      segments: 16,
      f0: {
        mean: 9.3635,
        sd: 0.4455,
      },
      cep: [2.79, -0.62, -3.04, -0.1, 0.6, -0.45, 0.05, -0.38, 0.86, 2.55, 0.41, -0.33],
      cepVar: [
        12.3243, 2.9231, 1.0576, 6.2414, 9.3282, 8.2557, 2.3798, 9.1026, 8.6685, 5.1367, 7.4518, 0.8294,
      ],
    },
  },
  {
    source: 'synthetic child, F0 330 Hz, formants 950/2300/3300 Hz',
    kind: 'child',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1024,
      segments: 16,
      f0: {
        mean: 8.5843,
        sd: 0.4127,
      },
      cep: [4.38, 0.91, -0.71, -1.55, 0.02, -0.71, -2.4, -1.34, 1.29, 0.03, -0.47, -0.34],
      cepVar: [6.2482, 9.8922, 3.5871, 4.4409, 2.8741, 2.039, 0.4292, 4.4362, 11.646, 5.6948, 1.0196, 2.0779],
    },
  },
  {
    source: 'real adult man reading, tests/fixtures/voice-jfk-inaugural-11s.wav',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 751,
      segments: 5,
      f0: {
        mean: 7.962,
        sd: 0.2276,
      },
      cep: [4.8, -0.72, 0.2, -1.23, -0.71, 0.06, 0.87, 0.32, 0.4, -0.08, -0.22, -0.09],
      cepVar: [2.1753, 0.5929, 0.4731, 0.757, 0.3002, 0.1162, 0.0442, 0.1194, 0.1097, 0.0554, 0.0331, 0.0234],
    },
  },
  {
    source: 'espeak-ng en+m2, pitch 40',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1492,
      segments: 14,
      f0: {
        mean: 6.3936,
        sd: 0.177,
      },
      cep: [2.94, 1.92, 0.57, -0.38, 0.4, -0.92, 0.21, 0.18, 0.12, -0.2, -0.07, 0.03],
      cepVar: [0.3615, 0.6348, 3.0426, 0.4184, 1.4359, 0.479, 0.0594, 0.1449, 0.1047, 0.0369, 0.2867, 0.1041],
    },
  },
  {
    source: 'espeak-ng en+m4, pitch 35',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1580,
      segments: 14,
      f0: {
        mean: 6.3229,
        sd: 0.3033,
      },
      cep: [3.24, 1.64, -0.16, -0.27, 0.59, -0.5, 0.12, 0.1, 0.34, -0.66, 0.25, -0.06],
      cepVar: [0.723, 0.4182, 2.943, 0.2462, 2.9737, 0.5219, 0.1118, 0.3297, 0.2235, 0.2748, 0.1352, 0.2115],
    },
  },
  {
    source: 'espeak-ng en+m5, pitch 45',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1440,
      segments: 14,
      f0: {
        mean: 6.5394,
        sd: 0.2123,
      },
      cep: [3.29, 1.58, -0.11, -0.04, 0.46, -0.84, 0.06, 0.3, 0.34, -0.42, 0.17, 0.01],
      cepVar: [0.7321, 0.3018, 1.4917, 0.1318, 0.86, 0.541, 0.1791, 0.1628, 0.1134, 0.1935, 0.1527, 0.1074],
    },
  },
  {
    source: 'espeak-ng en+m6, pitch 40',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1435,
      segments: 14,
      f0: {
        mean: 6.47,
        sd: 0.1841,
      },
      cep: [3.58, 1.88, -0.16, -0.53, 0.63, -0.44, 0.17, -0.06, 0.2, -0.17, -0.03, 0.14],
      cepVar: [
        0.5149, 0.4426, 2.0957, 0.3628, 0.9647, 0.3213, 0.0798, 0.1899, 0.0238, 0.0382, 0.0333, 0.0772,
      ],
    },
  },
  {
    source: 'espeak-ng en+Annie, pitch 55',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1419,
      segments: 14,
      f0: {
        mean: 7.8993,
        sd: 0.3423,
      },
      cep: [2.64, 1.24, -0.47, 0.73, 0.27, -0.43, 0.63, -0.19, -0.09, -0.1, -0.18, -0.1],
      cepVar: [0.2202, 1.2941, 2.4495, 1.2285, 1.278, 0.4013, 0.4259, 0.2921, 0.2272, 0.3536, 0.2741, 0.0947],
    },
  },
  {
    source: 'espeak-ng en+linda, pitch 55',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1573,
      segments: 14,
      f0: {
        mean: 7.9242,
        sd: 0.1287,
      },
      cep: [2.8, 1.39, -0.96, 0.97, 0.51, -0.07, -0.16, 0.04, -0.37, 0.15, -0.31, -0.35],
      cepVar: [0.3563, 0.6172, 1.7129, 0.5212, 0.8615, 0.2825, 0.3, 0.3125, 0.4394, 0.1036, 0.2471, 0.1885],
    },
  },
  {
    source: 'espeak-ng en+steph, pitch 60',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1460,
      segments: 14,
      f0: {
        mean: 7.6568,
        sd: 0.1338,
      },
      cep: [5.69, 3.25, 1.36, 0.8, 0.37, -0.11, -0.19, 0, -0.25, 0.11, 0.15, -0.01],
      cepVar: [3.2841, 0.4378, 0.8059, 0.1121, 0.5505, 0.1982, 0.1862, 0.3433, 0.164, 0.1422, 0.0977, 0.0869],
    },
  },
  {
    source: 'espeak-ng en+adam, pitch 45',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1511,
      segments: 14,
      f0: {
        mean: 6.502,
        sd: 0.2384,
      },
      cep: [3.87, 0.84, -0.47, -0.52, 0.43, -0.13, 0.17, 0.04, 0, -0.07, -0.07, 0.1],
      cepVar: [0.7763, 0.3547, 1.2861, 0.2785, 0.8849, 0.2491, 0.1178, 0.0855, 0.044, 0.025, 0.0149, 0.0225],
    },
  },
  {
    source: 'espeak-ng en+max, pitch 50',
    kind: 'adult',
    profile: {
      kind: 'attune-voice-profile',
      v: 2,
      frames: 1512,
      segments: 14,
      f0: {
        mean: 6.5519,
        sd: 0.2515,
      },
      cep: [4.03, 1.88, 0.29, -0.1, 0.78, -0.3, 0.2, 0.05, 0.14, -0.35, -0.02, 0.06],
      cepVar: [1.1107, 0.3132, 2.3101, 0.2923, 2.7327, 0.541, 0.2971, 0.3864, 0.1682, 0.1083, 0.1402, 0.2497],
    },
  },
];
