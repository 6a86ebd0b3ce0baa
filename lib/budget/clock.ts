// Every budget and rate-limit decision reads time through a Clock so tests can
// move across midnight or past a reservation's expiry without waiting.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
