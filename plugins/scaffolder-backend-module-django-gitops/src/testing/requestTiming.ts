/** A request of the sandbox's log: when it arrived and when its answer left. */
type TimedRequest = { at: Date; answeredAt: Date };

/**
 * Requests on the critical path: a request sent while another was still in flight went alongside
 * it; one sent after every answer so far waited for them.
 */
export function roundTrips(requests: readonly TimedRequest[]): number {
  let answered = 0;
  let rounds = 0;
  for (const request of requests) {
    if (request.at.getTime() >= answered) rounds += 1;
    answered = Math.max(answered, request.answeredAt.getTime());
  }
  return rounds;
}

/** Milliseconds during which at least one request was in flight. */
export function timeInFlight(requests: readonly TimedRequest[]): number {
  let total = 0;
  let [from, to] = [0, 0];
  for (const request of [...requests].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const [at, answered] = [request.at.getTime(), request.answeredAt.getTime()];
    if (at > to) {
      total += to - from;
      [from, to] = [at, answered];
    } else {
      to = Math.max(to, answered);
    }
  }
  return total + to - from;
}
