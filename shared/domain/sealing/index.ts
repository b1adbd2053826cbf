export {
  decideSealing,
  exceedsSealingThreshold,
  type SealingDecision,
} from './decideSealing.ts';
export { type MarkFacts, type SealedInformationMark, sealedInformationMark } from './jointCrime.ts';
export {
  determineMinority,
  isMinorOn,
  lastDayAsMinor,
  type MinorityFacts,
  type MinorityFinding,
  straddlesEighteenthBirthday,
} from './minority.ts';
export {
  decidePersonEffects,
  isDisclosable,
  type PersonRecord,
  type RecordEffects,
  type Unsealing,
} from './personEffects.ts';
