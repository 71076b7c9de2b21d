export {
  FakeDirectorModel,
  type FakeCallEvent,
  type FakeCallKind,
  type FakeModelOptions,
  type FakeModelSettings,
} from './fake-model';
export { describeFakeSettings, fakeSettingsFromEnv, type FakeModelEnv } from './fake-config';
export { formatLatencySpec, latencyAt, parseLatencySpec, type LatencySpec } from './latency';
export { RateLimiter, type Clock, type RateDecision } from './rate-limiter';
export { abortableSleep, type Sleep } from './abortable-sleep';
