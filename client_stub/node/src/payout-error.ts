// A failed call, decoded: the gRPC code and message, and the details the
// gateway packs into the `grpc-status-details-bin` trailer (google.rpc
// ErrorInfo, BadRequest, RetryInfo, and corefy.payout.v1.RetryHint).

import { Metadata, status } from "@grpc/grpc-js";

import { RetryHint, RetryHint_Action as RetryAction } from "./generated/corefy/payout/v1/error_details";
import { Duration } from "./generated/google/protobuf/duration";
import { BadRequest, ErrorInfo, RetryInfo } from "./generated/google/rpc/error_details";
import { Status } from "./generated/google/rpc/status";

/** One invalid field of a request (google.rpc.BadRequest). */
export interface FieldViolation {
  /** Proto path, e.g. `amount`, `fields.account`. */
  readonly field: string;
  readonly description: string;
}

/** What grpc-js hands to a failed call's callback (a ServiceError). */
export interface GrpcFailure {
  code: number;
  details?: string;
  metadata?: Metadata;
}

const DETAILS_KEY = "grpc-status-details-bin";

interface Decoded {
  reason: string;
  domain: string;
  metadata: Record<string, string>;
  violations: FieldViolation[];
  retryDelayMs: number | undefined;
  action: RetryAction;
  actionDescription: string;
  invoiceId: string;
  referenceId: string;
}

/**
 * A call the gateway (or the connection to it) failed. `action` says what
 * to do about it; the client has already followed it as far as its retry
 * options allow, so what reaches the caller is for the application to act on.
 */
export class PayoutError extends Error {
  /** The gRPC status code (see `status` of @grpc/grpc-js). */
  readonly code: status;
  /** The gRPC status message, as the gateway sent it. */
  readonly details: string;
  /** ErrorInfo.reason, e.g. `UPSTREAM_UNAVAILABLE`; empty without details. */
  readonly reason: string;
  /** ErrorInfo.domain, e.g. `payout-gateway.corefy.io`. */
  readonly domain: string;
  /** ErrorInfo.metadata, e.g. `http_status`, `attempts`, `retries_exhausted`. */
  readonly metadata: Readonly<Record<string, string>>;
  /** BadRequest: one entry per invalid field. */
  readonly violations: readonly FieldViolation[];
  /** RetryInfo: how long to wait before retrying, when retrying is right. */
  readonly retryDelayMs: number | undefined;
  /** RetryHint.action; ACTION_UNSPECIFIED when the gateway sent no hint. */
  readonly action: RetryAction;
  /** RetryHint.description: the action in words. */
  readonly actionDescription: string;
  /** RetryHint.invoice_id: the invoice concerned, when known. */
  readonly invoiceId: string;
  /** RetryHint.reference_id: the merchant reference id concerned, when known. */
  readonly referenceId: string;
  /** The trailing metadata (e.g. the gateway's `x-request-id`). */
  readonly trailers: Metadata;
  /** Calls the client made for this RPC before giving up, the first included. */
  attempts = 1;

  constructor(code: status, details: string, trailers: Metadata = new Metadata()) {
    const decoded = decodeDetails(trailers);
    super(describe(code, details, decoded));
    this.name = "PayoutError";
    this.code = code;
    this.details = details;
    this.trailers = trailers;
    this.reason = decoded.reason;
    this.domain = decoded.domain;
    this.metadata = Object.freeze(decoded.metadata);
    this.violations = Object.freeze(decoded.violations);
    this.retryDelayMs = decoded.retryDelayMs;
    this.action = decoded.action;
    this.actionDescription = decoded.actionDescription;
    this.invoiceId = decoded.invoiceId;
    this.referenceId = decoded.referenceId;
  }

  /** Decodes the error grpc-js gives a failed call. */
  static fromGrpcError(error: GrpcFailure): PayoutError {
    const code = Number.isInteger(error.code) ? (error.code as status) : status.UNKNOWN;
    const trailers = error.metadata instanceof Metadata ? error.metadata : new Metadata();
    return new PayoutError(code, typeof error.details === "string" ? error.details : "", trailers);
  }

  /** The status code's name, e.g. `ALREADY_EXISTS`. */
  get codeName(): string {
    return codeName(this.code);
  }

  /**
   * The gateway already retried this call upstream as far as its retry
   * policy allows (ErrorInfo metadata `retries_exhausted`): retrying it again
   * at once only multiplies the load.
   */
  get gatewayRetriesExhausted(): boolean {
    return this.metadata["retries_exhausted"] === "true";
  }

  /** The gateway's id of the call, for its logs and support requests. */
  get requestId(): string | undefined {
    const value = this.trailers.get("x-request-id")[0];
    return typeof value === "string" ? value : undefined;
  }
}

function codeName(code: status): string {
  return status[code] ?? `CODE_${code}`;
}

/** The status code's name and message, and what to do, in one line. */
function describe(code: status, details: string, d: Decoded): string {
  let out = `${codeName(code)}: ${details}`;
  switch (d.action) {
    case RetryAction.ACTION_RETRY:
      out += " -- retry";
      if (d.retryDelayMs !== undefined) out += ` after ${d.retryDelayMs}ms`;
      break;
    case RetryAction.ACTION_CHECK_STATUS_THEN_RETRY:
      out += " -- check status first";
      if (d.referenceId) out += ` (reference_id ${d.referenceId})`;
      break;
    case RetryAction.ACTION_FIX_REQUEST:
      out += " -- fix the request";
      break;
    case RetryAction.ACTION_FIX_CREDENTIALS:
      out += " -- the gateway's credentials need fixing";
      break;
    case RetryAction.ACTION_USE_EXISTING_INVOICE:
      out += ` -- use the existing invoice ${d.invoiceId}`;
      break;
    case RetryAction.ACTION_DO_NOT_RETRY:
      out += " -- do not retry";
      break;
    default:
      break;
  }
  for (const v of d.violations) out += `; field ${v.field}: ${v.description}`;
  return out;
}

/**
 * The details in the trailer. Whatever does not decode is left out rather
 * than thrown: the error itself must always reach the caller.
 */
function decodeDetails(trailers: Metadata): Decoded {
  const d: Decoded = {
    reason: "",
    domain: "",
    metadata: {},
    violations: [],
    retryDelayMs: undefined,
    action: RetryAction.ACTION_UNSPECIFIED,
    actionDescription: "",
    invoiceId: "",
    referenceId: "",
  };
  const raw = trailers.get(DETAILS_KEY)[0];
  if (!(raw instanceof Uint8Array)) return d;
  let details: Status["details"];
  try {
    details = Status.decode(raw).details;
  } catch {
    return d;
  }
  for (const any of details) {
    const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1);
    try {
      applyDetail(d, typeName, any.value);
    } catch {
      // A malformed detail: keep the others.
    }
  }
  return d;
}

function applyDetail(d: Decoded, typeName: string, value: Uint8Array): void {
  switch (typeName) {
    case "google.rpc.ErrorInfo": {
      const info = ErrorInfo.decode(value);
      d.reason = info.reason;
      d.domain = info.domain;
      // Own properties only, so that no key can reach Object.prototype.
      d.metadata = Object.fromEntries(Object.entries(info.metadata));
      break;
    }
    case "google.rpc.BadRequest":
      d.violations = BadRequest.decode(value).fieldViolations.map((v) => ({
        field: v.field,
        description: v.description,
      }));
      break;
    case "google.rpc.RetryInfo":
      d.retryDelayMs = durationMs(RetryInfo.decode(value).retryDelay);
      break;
    case "corefy.payout.v1.RetryHint": {
      const hint = RetryHint.decode(value);
      d.action = hint.action;
      d.actionDescription = hint.description;
      d.invoiceId = hint.invoiceId;
      d.referenceId = hint.referenceId;
      break;
    }
    default:
      break;
  }
}

/** A delay in milliseconds; undefined when absent or not a sane duration. */
function durationMs(duration: Duration | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const ms = duration.seconds * 1000 + duration.nanos / 1e6;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}
