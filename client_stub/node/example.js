// Pays out through the gateway from Node: creates and processes a payout,
// then shows how to read an error's hint.
//
//   node example.js GATEWAY_ADDRESS REFERENCE_ID
'use strict';

const { promisify } = require('util');
const gateway = require('./payout_gateway');

async function main(address, referenceId) {
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
  };
  const invoice = await create(request, deadline());
  const processed = await processInvoice({ id: invoice.id }, deadline());
  console.log(`paid ${processed.id} (${processed.upstream_status})`);

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

main(process.argv[2], process.argv[3]).catch((err) => {
  console.error(err);
  process.exit(1);
});
