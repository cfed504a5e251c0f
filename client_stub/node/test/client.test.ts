// The client's retry rules and error decoding, against a fake gateway that
// answers with scripted errors and their details (node --test, on the
// installed package). tests/clients/node_package_test.sh runs it.

import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";

import { Metadata, Server, ServerCredentials, type ServiceError } from "@grpc/grpc-js";

import {
  connect,
  GrpcStatus,
  PayoutClient,
  PayoutError,
  PayoutGatewayServiceService,
  type PayoutGatewayServiceServer,
  PayoutInvoice,
  PayoutInvoiceEvent,
  PayoutInvoiceStatus,
  PROTO_API_VERSION,
  RetryAction,
  RetryHint,
  rpc,
  VERSION,
} from "payout-gateway-client";

interface Failure {
  code: GrpcStatus;
  action?: RetryAction;
  retryDelayMs?: number;
  retriesExhausted?: boolean;
  violations?: Array<{ field: string; description: string }>;
  rawDetails?: Buffer;
}

// An error as the gateway sends it: details in grpc-status-details-bin.
function gatewayError(f: Failure): Partial<ServiceError> {
  const details: rpc.Any[] = [];
  const pack = (typeName: string, value: Uint8Array): void => {
    details.push({ typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(value) });
  };
  const metadata: Record<string, string> = { http_status: "503" };
  if (f.retriesExhausted) metadata.retries_exhausted = "true";
  pack(
    "google.rpc.ErrorInfo",
    rpc.ErrorInfo.encode({ reason: "SCRIPTED", domain: "payout-gateway.corefy.io", metadata }).finish(),
  );
  if (f.action !== undefined) {
    pack(
      "corefy.payout.v1.RetryHint",
      RetryHint.encode(
        RetryHint.fromPartial({ action: f.action, invoiceId: "cpoi_existing", referenceId: "ref-1" }),
      ).finish(),
    );
  }
  if (f.retryDelayMs !== undefined) {
    const seconds = Math.floor(f.retryDelayMs / 1000);
    const nanos = (f.retryDelayMs % 1000) * 1e6;
    pack("google.rpc.RetryInfo", rpc.RetryInfo.encode({ retryDelay: { seconds, nanos } }).finish());
  }
  if (f.violations) {
    pack("google.rpc.BadRequest", rpc.BadRequest.encode({ fieldViolations: f.violations }).finish());
  }
  const trailers = new Metadata();
  trailers.set(
    "grpc-status-details-bin",
    f.rawDetails ?? Buffer.from(rpc.Status.encode({ code: f.code, message: "scripted", details }).finish()),
  );
  trailers.set("x-request-id", "gateway-request-id");
  return { code: f.code, details: "scripted", metadata: trailers };
}

type Answer = Failure | PayoutInvoice;
const isFailure = (a: Answer): a is Failure => "code" in a;

// What each RPC answers, call after call (the last answer repeats), and what
// it received.
const script: Record<string, Answer[]> = {};
const calls: Record<string, number> = {};
const requestIds: string[] = [];
// A watch that stays open after its first event, until the caller leaves.
let holdWatch = false;
let watchCancelled: Promise<void> = Promise.resolve();

function answer(rpcName: string): Answer {
  const n = (calls[rpcName] = (calls[rpcName] ?? 0) + 1);
  const answers = script[rpcName] ?? [];
  const a = answers[Math.min(n, answers.length) - 1];
  if (a === undefined) throw new Error(`no answer scripted for ${rpcName}`);
  return a;
}

const invoice = (status: PayoutInvoiceStatus, amount = "12.30"): PayoutInvoice =>
  PayoutInvoice.fromPartial({
    id: "cpoi_1",
    status,
    amount,
    currency: "USD",
    referenceId: "ref-1",
    payoutService: { type: "payout-services", id: "test_usd" },
  });

function unary(rpcName: string) {
  return (
    call: { metadata: Metadata },
    callback: (error: Partial<ServiceError> | null, value?: PayoutInvoice) => void,
  ): void => {
    const id = call.metadata.get("x-request-id")[0];
    if (typeof id === "string") requestIds.push(id);
    const a = answer(rpcName);
    if (isFailure(a)) callback(gatewayError(a));
    else callback(null, a);
  };
}

const unimplemented = (_call: unknown, callback: (e: Partial<ServiceError>) => void): void =>
  callback({ code: GrpcStatus.UNIMPLEMENTED, details: "not in this fake" });

const fake: PayoutGatewayServiceServer = {
  payoutPrerequest: unimplemented,
  listPayoutServices: unimplemented,
  getPayoutService: unimplemented,
  listPayoutInvoices: unimplemented,
  createPayoutInvoice: unary("create"),
  processPayoutInvoice: unary("process"),
  getPayoutInvoice: unary("get"),
  watchPayoutInvoice: (call) => {
    const a = answer("watch");
    if (isFailure(a)) {
      call.emit("error", gatewayError(a));
      return;
    }
    call.write(PayoutInvoiceEvent.fromPartial({ invoice: a }));
    if (holdWatch) watchCancelled = new Promise((resolve) => call.on("cancelled", () => resolve()));
    else call.end();
  },
  streamPayoutEvents: (call) => call.emit("error", { code: GrpcStatus.UNIMPLEMENTED, details: "" }),
};

let server: Server;
let address = "";
let client: PayoutClient;

before(async () => {
  server = new Server();
  server.addService(PayoutGatewayServiceService, fake);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  address = `127.0.0.1:${port}`;
  client = connect(address, { retry: { defaultDelayMs: 10 } });
});

after(() => {
  client.close();
  server.forceShutdown();
});

beforeEach(() => {
  for (const key of Object.keys(script)) delete script[key];
  for (const key of Object.keys(calls)) delete calls[key];
  requestIds.length = 0;
  holdWatch = false;
});

const getById = { lookup: { $case: "id" as const, id: "cpoi_1" } };
const create = { referenceId: "ref-1", service: "test_usd", currency: "USD", amount: "12.3" };

async function rejection(promise: Promise<unknown>): Promise<PayoutError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PayoutError, `not a PayoutError: ${String(err)}`);
    return err;
  }
  assert.fail("the call succeeded");
}

test("versions", () => {
  assert.match(VERSION, /^\d+\.\d+\.\d+$/);
  assert.equal(PROTO_API_VERSION, "corefy.payout.v1");
});

test("ACTION_RETRY: the same request again after RetryInfo's delay", async () => {
  const retry = { code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_RETRY, retryDelayMs: 50 };
  script.get = [retry, retry, invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED)];
  const started = Date.now();
  const found = await client.getPayoutInvoice(getById, { requestId: "req-1" });
  assert.equal(found.id, "cpoi_1");
  assert.equal(calls.get, 3);
  assert.ok(Date.now() - started >= 100, "waited RetryInfo's delay twice");
  assert.deepEqual(requestIds, ["req-1", "req-1", "req-1"]);
});

test("ACTION_RETRY stops after maxAttempts, with the decoded error", async () => {
  script.get = [{ code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_RETRY, retryDelayMs: 1 }];
  const err = await rejection(client.getPayoutInvoice(getById));
  assert.equal(calls.get, 3);
  assert.equal(err.attempts, 3);
  assert.equal(err.code, GrpcStatus.UNAVAILABLE);
  assert.equal(err.codeName, "UNAVAILABLE");
  assert.equal(err.reason, "SCRIPTED");
  assert.equal(err.domain, "payout-gateway.corefy.io");
  assert.equal(err.metadata.http_status, "503");
  assert.equal(err.action, RetryAction.ACTION_RETRY);
  assert.equal(err.retryDelayMs, 1);
  assert.equal(err.requestId, "gateway-request-id");
  assert.match(err.message, /^UNAVAILABLE: scripted -- retry after 1ms$/);
});

test("RetryInfo's delay is capped by maxDelayMs", async () => {
  const capped = connect(address, { retry: { maxDelayMs: 20 } });
  try {
    script.get = [
      { code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_RETRY, retryDelayMs: 60_000 },
      invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED),
    ];
    const started = Date.now();
    await capped.getPayoutInvoice(getById);
    assert.ok(Date.now() - started < 5000);
    assert.equal(calls.get, 2);
  } finally {
    capped.close();
  }
});

test("no retry past the call's deadline", async () => {
  script.get = [{ code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_RETRY, retryDelayMs: 2000 }];
  const err = await rejection(client.getPayoutInvoice(getById, { timeoutMs: 1000 }));
  assert.equal(calls.get, 1);
  assert.equal(err.attempts, 1);
});

test("retries_exhausted: the gateway already retried, the client does not", async () => {
  script.get = [{ code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_RETRY, retriesExhausted: true }];
  const err = await rejection(client.getPayoutInvoice(getById));
  assert.equal(calls.get, 1);
  assert.equal(err.gatewayRetriesExhausted, true);
});

for (const action of [
  RetryAction.ACTION_FIX_REQUEST,
  RetryAction.ACTION_FIX_CREDENTIALS,
  RetryAction.ACTION_USE_EXISTING_INVOICE,
  RetryAction.ACTION_DO_NOT_RETRY,
]) {
  test(`${action}: returned at once`, async () => {
    script.create = [
      {
        code: GrpcStatus.FAILED_PRECONDITION,
        action,
        violations: [{ field: "amount", description: "must be positive" }],
      },
    ];
    const err = await rejection(client.createPayoutInvoice(create));
    assert.equal(calls.create, 1);
    assert.equal(calls.get, undefined);
    assert.equal(err.action, action);
    assert.equal(err.invoiceId, "cpoi_existing");
    assert.equal(err.referenceId, "ref-1");
    assert.deepEqual(err.violations, [{ field: "amount", description: "must be positive" }]);
    assert.match(err.message, /; field amount: must be positive$/);
  });
}

test("CHECK_STATUS_THEN_RETRY on a read: simply retried", async () => {
  script.get = [
    { code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_CHECK_STATUS_THEN_RETRY },
    invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED),
  ];
  await client.getPayoutInvoice(getById);
  assert.equal(calls.get, 2);
});

const unknownOutcome = { code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_CHECK_STATUS_THEN_RETRY };

test("create with an unknown outcome that happened: the invoice found is the answer", async () => {
  script.create = [unknownOutcome];
  script.get = [invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED, "12.30")];
  const created = await client.createPayoutInvoice(create);
  assert.equal(created.id, "cpoi_1");
  assert.equal(calls.create, 1);
  assert.equal(calls.get, 1);
});

test("create with an unknown outcome that did not happen (NOT_FOUND): sent again", async () => {
  script.create = [unknownOutcome, invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED)];
  script.get = [{ code: GrpcStatus.NOT_FOUND, action: RetryAction.ACTION_DO_NOT_RETRY }];
  await client.createPayoutInvoice(create);
  assert.equal(calls.create, 2);
});

test("create with an unknown outcome, another payout under the reference id: the error", async () => {
  script.create = [unknownOutcome];
  script.get = [invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED, "99.00")];
  const err = await rejection(client.createPayoutInvoice(create));
  assert.equal(err.action, RetryAction.ACTION_CHECK_STATUS_THEN_RETRY);
  assert.equal(calls.create, 1);
});

test("an action newer than the client counts as none: UNAVAILABLE is checked first", async () => {
  script.create = [
    { code: GrpcStatus.UNAVAILABLE, action: RetryAction.UNRECOGNIZED },
    invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED),
  ];
  script.get = [{ code: GrpcStatus.NOT_FOUND }];
  await client.createPayoutInvoice(create);
  assert.equal(calls.get, 1);
  assert.equal(calls.create, 2);
});

test("process with an unknown outcome: sent again only while the invoice is created", async () => {
  script.process = [unknownOutcome, invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSING)];
  script.get = [invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED)];
  await client.processPayoutInvoice({ id: "cpoi_1" });
  assert.equal(calls.process, 2);

  for (const key of Object.keys(calls)) delete calls[key];
  script.get = [invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSING)];
  const processed = await client.processPayoutInvoice({ id: "cpoi_1" });
  assert.equal(processed.status, PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSING);
  assert.equal(calls.process, 1);
});

test("a gateway that cannot be reached: reads retried, a create checked first", async () => {
  const down = new Server();
  const port = await new Promise<number>((resolve, reject) =>
    down.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  down.forceShutdown();
  const unreachable = connect(`127.0.0.1:${port}`, { retry: { defaultDelayMs: 1 } });
  try {
    const read = await rejection(unreachable.getPayoutInvoice(getById, { timeoutMs: 5000 }));
    assert.equal(read.code, GrpcStatus.UNAVAILABLE);
    assert.equal(read.action, RetryAction.ACTION_UNSPECIFIED);
    assert.equal(read.attempts, 3);
    // The lookup fails too: the outcome stays unknown, so no second create.
    const write = await rejection(unreachable.createPayoutInvoice(create, { timeoutMs: 5000 }));
    assert.equal(write.attempts, 1);
  } finally {
    unreachable.close();
  }
});

test("details that do not decode: the error still arrives", async () => {
  script.get = [{ code: GrpcStatus.INTERNAL, rawDetails: Buffer.from([0xff, 0xff, 0xff]) }];
  const err = await rejection(client.getPayoutInvoice(getById));
  assert.equal(err.code, GrpcStatus.INTERNAL);
  assert.equal(err.reason, "");
  assert.equal(err.action, RetryAction.ACTION_UNSPECIFIED);
});

test("streams: events, and a failure decoded but not retried", async () => {
  script.watch = [invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSED)];
  const events: PayoutInvoiceEvent[] = [];
  for await (const event of client.watchPayoutInvoice(getById)) events.push(event);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.invoice?.status, PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSED);

  script.watch = [{ code: GrpcStatus.UNAVAILABLE, action: RetryAction.ACTION_RETRY }];
  const err = await rejection(
    (async () => {
      for await (const event of client.watchPayoutInvoice(getById)) void event;
    })(),
  );
  assert.equal(err.action, RetryAction.ACTION_RETRY);
  assert.equal(calls.watch, 2);
});

test("streams: leaving the loop early, or cancel(), ends the call quietly", async () => {
  script.watch = [invoice(PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSING)];
  holdWatch = true;
  for await (const event of client.watchPayoutInvoice(getById, { timeoutMs: Infinity })) {
    assert.equal(event.invoice?.id, "cpoi_1");
    break;
  }
  await watchCancelled;

  const stream = client.watchPayoutInvoice(getById, { timeoutMs: Infinity });
  let seen = 0;
  for await (const event of stream) {
    void event;
    ++seen;
    stream.cancel();
  }
  assert.equal(seen, 1);
  await watchCancelled;
});

test("hostile options are refused before anything is sent", async () => {
  await assert.rejects(client.getPayoutInvoice(getById, { requestId: "bad id\r\n" }), TypeError);
  await assert.rejects(client.getPayoutInvoice(getById, { requestId: "x".repeat(129) }), TypeError);
  await assert.rejects(client.getPayoutInvoice(getById, { metadata: { "bad key": "v" } }), TypeError);
  await assert.rejects(client.getPayoutInvoice(getById, { requestId: "order/1" }), TypeError);
  await assert.rejects(client.getPayoutInvoice(getById, { metadata: { "x-request-id": "bad id" } }), TypeError);
  await assert.rejects(
    client.getPayoutInvoice(getById, { requestId: "req-1", metadata: { "x-request-id": "req-2" } }),
    TypeError,
  );
  await assert.rejects(
    client.getPayoutInvoice(getById, { metadata: { authorization: "Bearer s3cret\r\n" } }),
    (e: Error) => e instanceof TypeError && !e.message.includes("s3cret"),
  );
  await assert.rejects(client.getPayoutInvoice(getById, { timeoutMs: Number.NaN }), TypeError);
  assert.equal(calls.get, undefined);
  assert.throws(() => connect(address, { ca: "/etc/payout/ca.pem" }), (e: Error) => {
    assert.ok(e instanceof TypeError);
    assert.ok(!e.message.includes("/etc/payout"), "the value is not repeated");
    return true;
  });
  assert.throws(() => connect(address, { serverName: "localhost" }), TypeError);
  assert.throws(() => connect(address, { retry: { maxAttempts: 0 } }), TypeError);
});
