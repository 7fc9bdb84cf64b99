/**
 * When a policy applies is the kernel's rule (@tongyuan/document: windows, succession, the one
 * vocabulary 现行有效 / 已失效 / 已修订 / 尚未生效); the policy finder, its push and its index read it here.
 */
export {
  dayAfter, dayBefore, effectiveWindows, isCalendarDate, statusOn, VALIDITY,
  type ValidityDates as DocumentValidity, type ValidityStatus, type Window,
} from '@tongyuan/document';
