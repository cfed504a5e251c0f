// One unary RPC with the gateway's retry hints followed: what the C++
// client's RetryingCall (client_stub/src/retrying_call.h) does, for grpc-js.

import type { CallOptions as GrpcCallOptions, ClientUnaryCall, Metadata, ServiceError } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";

import type { PreparedCall } from "./call-options";
import { type CallKind, decideNextStep, delayBeforeRetryMs, type RetryOptions } from "./hint-policy";
import { PayoutError } from "./payout-error";

/** A unary method of the generated grpc-js client, bound to it. */
export type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<GrpcCallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** Whether a create or process whose outcome was unknown happened. */
export type Check<T> =
  | { happened: true; result: T }
  // `unknown`: the check failed too, or found another payout: give up.
  | { happened: false; unknown: boolean };

/** Reads have nothing to check: they are simply sent again. */
export const NOTHING_TO_CHECK = async (): Promise<Check<never>> => ({ happened: false, unknown: false });

/**
 * Calls until success, or until the hint, the attempts, or the deadline say
 * stop. A create or process with an unknown outcome is re-sent only after
 * `check` found that it did not happen.
 */
export async function callWithRetries<Req, Res>(
  kind: CallKind,
  method: UnaryMethod<Req, Res>,
  request: Req,
  call: PreparedCall,
  retry: RetryOptions,
  check: (call: PreparedCall) => Promise<Check<Res>>,
): Promise<Res> {
  for (let attempt = 1; ; ++attempt) {
    let error: PayoutError;
    try {
      return await callOnce(method, request, call);
    } catch (err) {
      if (!(err instanceof PayoutError)) throw err;
      error = err;
    }
    error.attempts = attempt;
    if (attempt >= retry.maxAttempts) throw error;
    const step = decideNextStep(kind, error);
    if (step === "stop") throw error;
    if (step === "check-then-retry") {
      const checked = await check(call);
      if (checked.happened) return checked.result;
      if (checked.unknown) throw error;
    }
    const delay = delayBeforeRetryMs(error, retry);
    if (Date.now() + delay >= call.deadline) throw error;
    if (!(await sleep(delay, call.signal))) {
      const cancelled = new PayoutError(status.CANCELLED, "Cancelled on client");
      cancelled.attempts = attempt;
      throw cancelled;
    }
  }
}

/** One call to the gateway, bounded by the call's deadline and signal. */
export function callOnce<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, call: PreparedCall): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    const signal = call.signal;
    let unary: ClientUnaryCall | undefined;
    const onAbort = (): void => unary?.cancel();
    unary = method(request, call.metadata(), { deadline: call.deadline }, (err, response) => {
      signal?.removeEventListener("abort", onAbort);
      if (err) reject(PayoutError.fromGrpcError(err));
      else resolve(response);
    });
    if (signal?.aborted) unary.cancel();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Whether a wait of `ms` ran its course (false: the signal aborted it). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
