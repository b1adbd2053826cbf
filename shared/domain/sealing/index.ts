export {
  decideSealing,
  exceedsSealingThreshold,
  type SealingDecision,
  sealedInformationMark,
} from './decideSealing.ts';
export {
  decideUnsealing,
  type NewRecord,
  type PriorRecord,
  type Unsealing,
  type UnsealingDecision,
} from './decideUnsealing.ts';
export {
  determineMinority,
  isMinorOn,
  lastDayAsMinor,
  type MinorityFacts,
  type MinorityFinding,
  straddlesEighteenthBirthday,
} from './minority.ts';
