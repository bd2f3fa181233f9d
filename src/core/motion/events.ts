/**
 * The motion event kinds were proposed here and now live in the log's union (src/core/events.ts, schema 2);
 * re-exported so motion code can keep importing them from beside itself.
 */
export type {
  AttentionEvent,
  DistanceSummaryEvent,
  ProximityEvent,
  SeenEvent as MotionLogEvent,
  SmileEvent,
} from '../events.ts';
