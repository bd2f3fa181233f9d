/** Named units, so that a signature says what a number means. Plain numbers at run time. */

/** Milliseconds on the session clock (0 = session start) unless a name says otherwise. */
export type Ms = number;
/** Level relative to digital full scale: 0 is the loudest a sample can be, silence tends to -Infinity. */
export type Dbfs = number;
/** Frequency in hertz. */
export type Hz = number;
/** 0..1 inclusive. */
export type Unit = number;
