// @outcome KR-9
// KR-9 does not exist: Outcome Lens reports it in Problems and suggests a fix.
export const tourSteps = ['Create a project', 'Invite a teammate', 'Connect your data'];
