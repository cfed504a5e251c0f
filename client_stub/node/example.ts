// Pays out through the gateway from Node: creates a payout, watches it while
// it is processed until its final status, then shows what the errors of a
// refused create say.
//
//   node example.js GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]
//
// CALLBACK_URL is where Corefy posts the payout's status changes: the
// gateway's callback port, so that the watch gets them pushed. TLS comes
// from the environment: PAYOUT_GATEWAY_TLS_CA (the gateway's CA, a PEM
// file), PAYOUT_GATEWAY_TLS_CERT and PAYOUT_GATEWAY_TLS_KEY (this client's
// certificate, for mTLS) and PAYOUT_GATEWAY_TLS_SERVER_NAME (the name in the
// gateway's certificate); none set: plaintext.

import { readFileSync } from "node:fs";

import {
  type ConnectOptions,
  connect,
  GrpcStatus,
  PayoutError,
  type PayoutInvoiceEvent,
  PROTO_API_VERSION,
  VERSION,
} from "payout-gateway-client";

function tlsFromEnvironment(): ConnectOptions {
  const file = (name: string): Buffer | undefined => {
    const path = process.env[name];
    return path ? readFileSync(path) : undefined;
  };
  return {
    ca: file("PAYOUT_GATEWAY_TLS_CA"),
    cert: file("PAYOUT_GATEWAY_TLS_CERT"),
    key: file("PAYOUT_GATEWAY_TLS_KEY"),
    serverName: process.env.PAYOUT_GATEWAY_TLS_SERVER_NAME || undefined,
  };
}

const showChange = (event: PayoutInvoiceEvent): void =>
  console.log(`change ${event.invoice?.status} via ${event.source}`);

// Sends a create the gateway must refuse with `code`; returns its error.
async function refusedCreate(create: () => Promise<unknown>, code: GrpcStatus): Promise<PayoutError> {
  try {
    await create();
  } catch (err) {
    if (err instanceof PayoutError && err.code === code) return err;
    throw err;
  }
  throw new Error(`expected ${GrpcStatus[code]}`);
}

async function main(address: string, referenceId: string, callbackUrl = ""): Promise<void> {
  if (!address || !referenceId) {
    throw new Error("usage: example GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]");
  }
  console.log(`client ${VERSION} ${PROTO_API_VERSION}`);
  const client = connect(address, tlsFromEnvironment());
  try {
    const request = {
      referenceId,
      service: "test_usd",
      currency: "USD",
      amount: "12.34",
      fields: { account: "4000123456" },
      callbackUrl,
    };
    const invoice = await client.createPayoutInvoice(request, { requestId: `${referenceId}-create` });

    // The watch sends the current state first, then each change; it ends
    // after the final status.
    const watch = client.watchPayoutInvoice({ lookup: { $case: "id", id: invoice.id } }, { timeoutMs: 60_000 });
    const events = watch[Symbol.asyncIterator]();
    const first = await events.next();
    if (first.done) throw new Error("the watch ended without the current state");
    showChange(first.value);
    await client.processPayoutInvoice({ id: invoice.id });
    let last = first.value;
    for (let next = await events.next(); !next.done; next = await events.next()) {
      showChange(next.value);
      last = next.value;
    }
    console.log(`paid ${last.invoice?.id} (${last.invoice?.upstreamStatus})`);

    // The same reference id for another amount: the gateway refuses, and its
    // hint says which invoice holds the reference id.
    const taken = await refusedCreate(
      () => client.createPayoutInvoice({ ...request, amount: "99.00" }),
      GrpcStatus.ALREADY_EXISTS,
    );
    console.log(`hint ${taken.action} invoice ${taken.invoiceId} (${taken.reason})`);
    console.log(`error ${taken.message}`);

    // A request the gateway cannot take: the error names the field.
    const invalid = await refusedCreate(
      () => client.createPayoutInvoice({ ...request, referenceId: `${referenceId}-bad`, amount: "-1" }),
      GrpcStatus.INVALID_ARGUMENT,
    );
    const fields = invalid.violations.map((v) => v.field).join(",");
    console.log(`fix ${invalid.action} fields ${fields} (${invalid.reason}) after ${invalid.attempts} attempt(s)`);
  } finally {
    client.close();
  }
}

main(process.argv[2] ?? "", process.argv[3] ?? "", process.argv[4]).catch((err: unknown) => {
  console.error(err instanceof PayoutError ? `failed: ${err.message}` : err);
  process.exit(1);
});
