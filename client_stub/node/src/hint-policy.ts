// What the client does after a failed attempt: the gateway's RetryHint
// decides (client_stub/src/hint_policy.cc holds the same rules for C++).
// Retries happen at one layer (gRFC A6): an error the gateway already
// retried upstream goes back to the caller.

import { status } from "@grpc/grpc-js";

import { RetryHint_Action as RetryAction } from "./generated/corefy/payout/v1/error_details";
import type { PayoutError } from "./payout-error";

/** How the client follows the gateway's retry hints. */
export interface RetryOptions {
  /** Calls to the gateway per RPC, the first included. 1 turns retries off. */
  maxAttempts: number;
  /** Never wait longer than this between attempts, whatever RetryInfo says. */
  maxDelayMs: number;
  /** The wait when the gateway gives none (e.g. it could not be reached). */
  defaultDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 3,
  maxDelayMs: 5000,
  defaultDelayMs: 200,
});

/** The kind of RPC, which decides what an unhinted failure allows. */
export type CallKind = "read" | "create" | "process";

/**
 * - `stop`: return the error;
 * - `retry`: send the same request again;
 * - `check-then-retry`: look the invoice up, re-send only if it did not happen.
 */
export type NextStep = "stop" | "retry" | "check-then-retry";

/**
 * The next step after `error`. Without a hint (the gateway was not reached,
 * or answered without details) a read is retried on UNAVAILABLE and a create
 * or process is checked first, because the gateway may have acted before the
 * connection failed. An action this version does not know counts as no hint,
 * as in the C++ client.
 */
export function decideNextStep(kind: CallKind, error: PayoutError): NextStep {
  if (error.gatewayRetriesExhausted) return "stop";
  switch (error.action) {
    case RetryAction.ACTION_RETRY:
      return "retry";
    case RetryAction.ACTION_CHECK_STATUS_THEN_RETRY:
      return kind === "read" ? "retry" : "check-then-retry";
    case RetryAction.ACTION_UNSPECIFIED:
    case RetryAction.UNRECOGNIZED:
      if (error.code !== status.UNAVAILABLE) return "stop";
      return kind === "read" ? "retry" : "check-then-retry";
    default:
      return "stop";
  }
}

/** The wait before the next attempt: RetryInfo, else the default, capped. */
export function delayBeforeRetryMs(error: PayoutError, options: RetryOptions): number {
  return Math.min(error.retryDelayMs ?? options.defaultDelayMs, options.maxDelayMs);
}

/** The defaults overridden by `partial`, each value checked. */
export function resolveRetryOptions(partial: Partial<RetryOptions> = {}): RetryOptions {
  const options = { ...DEFAULT_RETRY_OPTIONS, ...partial };
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new TypeError("retry.maxAttempts must be an integer of at least 1");
  }
  for (const name of ["maxDelayMs", "defaultDelayMs"] as const) {
    const value = options[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`retry.${name} must be a finite number of milliseconds, 0 or more`);
    }
  }
  return options;
}
