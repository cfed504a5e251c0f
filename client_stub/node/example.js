// Pays out through the gateway from Node: creates a payout, watches it while
// it is processed until its final status, then shows how to read an
// error's hint.
//
//   node example.js GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]
//
// CALLBACK_URL is where Corefy posts the payout's status changes: the
// gateway's callback port, so that the watch gets them pushed.
'use strict';

const { promisify } = require('util');
const gateway = require('./payout_gateway');

// Opens a watch and resolves with its first event (the current state) and a
// promise of the rest, which settles when the stream ends.
function watch(client, id) {
  const call = client.WatchPayoutInvoice({ id }, { deadline: Date.now() + 60000 });
  const events = [];
  let first;
  const firstEvent = new Promise((resolve) => { first = resolve; });
  const rest = new Promise((resolve, reject) => {
    call.on('data', (event) => {
      if (events.length === 0) first(event);
      events.push(event);
    });
    call.on('end', () => resolve(events.slice(1)));
    call.on('error', reject);
  });
  return firstEvent.then((event) => ({ first: event, rest }));
}

const showChange = (event) =>
  console.log(`change ${event.invoice.status} via ${event.source}`);

async function main(address, referenceId, callbackUrl = '') {
  const client = gateway.connect(address);
  const deadline = () => ({ deadline: Date.now() + 30000 });
  const create = promisify(client.CreatePayoutInvoice.bind(client));
  const processInvoice = promisify(client.ProcessPayoutInvoice.bind(client));

  const request = {
    reference_id: referenceId,
    service: 'test_usd',
    currency: 'USD',
    amount: '12.34',
    fields: { account: '4000123456' },
    callback_url: callbackUrl,
  };
  const invoice = await create(request, deadline());

  // The watch sends the current state first, then each change; it ends
  // after the final status.
  const { first, rest } = await watch(client, invoice.id);
  showChange(first);
  await processInvoice({ id: invoice.id }, deadline());
  const changes = await rest;
  changes.forEach(showChange);
  const last = changes[changes.length - 1].invoice;
  console.log(`paid ${last.id} (${last.upstream_status})`);

  // The same reference id for another amount: the gateway refuses, and its
  // hint says which invoice holds the reference id.
  try {
    await create({ ...request, amount: '99.00' }, deadline());
    throw new Error('expected ALREADY_EXISTS');
  } catch (err) {
    if (err.code !== gateway.grpc.status.ALREADY_EXISTS) throw err;
    const { retryHint, errorInfo } = gateway.errorDetails(err);
    console.log(`hint ${retryHint.action} invoice ${retryHint.invoice_id} (${errorInfo.reason})`);
  }
  client.close();
}

main(process.argv[2], process.argv[3], process.argv[4]).catch((err) => {
  console.error(err);
  process.exit(1);
});
