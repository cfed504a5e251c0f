// Per-call settings, checked once and turned into what grpc-js takes.

import { Metadata } from "@grpc/grpc-js";

/** Per-call settings of every method. */
export interface CallOptions {
  /**
   * How long the whole call may take, retries included; default 30 s. The
   * gateway bounds its upstream work by it. `Infinity` for none (streams).
   */
  timeoutMs?: number;
  /** An absolute deadline instead of `timeoutMs`. */
  deadline?: Date | number;
  /**
   * Sent as `x-request-id`: the gateway passes it to Corefy and logs it. 1 to
   * 128 of `[A-Za-z0-9._:-]` (the gateway replaces anything else).
   */
  requestId?: string;
  /** Further request metadata. */
  metadata?: Metadata | Readonly<Record<string, string>>;
  /** Cancels the call (and any wait between attempts). */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A call's checked settings. */
export interface PreparedCall {
  /** Epoch milliseconds; Infinity for none. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  /** Fresh request metadata for one attempt (grpc-js may change what it gets). */
  metadata(): Metadata;
}

/** Checks `options`; throws TypeError on a value no call should send. */
export function prepareCall(options: CallOptions = {}): PreparedCall {
  const deadline = deadlineOf(options);
  const base = new Metadata();
  try {
    if (options.metadata instanceof Metadata) {
      base.merge(options.metadata);
    } else if (options.metadata !== undefined) {
      for (const [key, value] of Object.entries(options.metadata)) base.set(key, value);
    }
  } catch {
    // grpc-js refuses reserved or malformed keys and values; the value is
    // not repeated here, as it may be a credential.
    throw new TypeError("options.metadata holds a key or value that gRPC cannot send");
  }
  if (options.requestId !== undefined) {
    if (typeof options.requestId !== "string" || !REQUEST_ID.test(options.requestId)) {
      throw new TypeError("options.requestId must be 1 to 128 of [A-Za-z0-9._:-]");
    }
    if (base.get("x-request-id").length > 0) {
      throw new TypeError("x-request-id is given twice (options.requestId and options.metadata)");
    }
    base.set("x-request-id", options.requestId);
  }
  // An id in options.metadata is held to the same rule: the gateway would
  // replace it with its own, and the caller could no longer find its call.
  const ids = base.get("x-request-id");
  if (ids.length > 1 || ids.some((id) => typeof id !== "string" || !REQUEST_ID.test(id))) {
    throw new TypeError("the x-request-id in options.metadata must be one value, 1 to 128 of [A-Za-z0-9._:-]");
  }
  return { deadline, signal: options.signal, metadata: () => base.clone() };
}

function deadlineOf(options: CallOptions): number {
  if (options.deadline !== undefined) {
    const at = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
    if (typeof at !== "number" || Number.isNaN(at)) {
      throw new TypeError("options.deadline must be a Date or epoch milliseconds");
    }
    return at;
  }
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== "number" || Number.isNaN(timeout) || timeout <= 0) {
    throw new TypeError("options.timeoutMs must be a positive number of milliseconds");
  }
  return Date.now() + timeout;
}
