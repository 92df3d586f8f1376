// Move the clock of `licensemgr-mock server` so that a checkout expires and its seat comes
// back, then so that the license itself ends, as the JavaScript SDK (v3) sees it. Prints what
// it saw as JSON.
import { randomUUID } from "node:crypto";
import {
  CheckoutLicenseCommand,
  ExtendLicenseConsumptionCommand,
  LicenseManagerClient,
} from "@aws-sdk/client-license-manager";

const endpoint = process.env.LICENSEMGR_ENDPOINT || "http://localhost:5000";
const post = (path, body) =>
  fetch(`${endpoint}/licensemgr-mock/${path}`, { method: "POST", body: JSON.stringify(body) })
    .then((response) => response.json());

// One seat, checked out for 60 minutes at a time, on a license that ends in a day.
const seeded = await post("seed-license", {
  product_sku: "js-sku",
  entitlements: [{ Name: "Seats", Unit: "Count", MaxCount: 1 }],
  provisional_minutes: 60,
  end: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
});
const client = new LicenseManagerClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
const checkout = () =>
  client.send(
    new CheckoutLicenseCommand({
      ProductSKU: "js-sku",
      CheckoutType: "PROVISIONAL",
      KeyFingerprint: seeded.key_fingerprint,
      Entitlements: [{ Name: "Seats", Unit: "Count", Value: "1" }],
      ClientToken: randomUUID(),
    }),
  );
const failure = (promise) => promise.then(() => null, (error) => error.name);

const first = await checkout();
const whileHeld = await failure(checkout());

// An hour and a second later the first checkout has expired: its seat is free again.
const clock = await post("clock", { advance_seconds: 3601 });
const extendExpired = await failure(
  client.send(new ExtendLicenseConsumptionCommand({ LicenseConsumptionToken: first.LicenseConsumptionToken })),
);
const second = await checkout();

// Two days on, the license has ended: refused, and the server says why.
await post("clock", { advance_seconds: 2 * 24 * 3600 });
const afterEnd = await failure(checkout());
const { refusals } = await fetch(`${endpoint}/licensemgr-mock/refusals`).then((r) => r.json());
await fetch(`${endpoint}/licensemgr-mock/clock`, { method: "DELETE" }); // the system's time again

console.log(
  JSON.stringify({
    first: { token: first.LicenseConsumptionToken, expiration: first.Expiration },
    whileHeld,
    clock,
    extendExpired,
    second: { token: second.LicenseConsumptionToken, expiration: second.Expiration },
    afterEnd,
    why: refusals.at(-1).reason,
  }),
);
