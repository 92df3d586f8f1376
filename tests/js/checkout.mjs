// Seed a license on `licensemgr-mock server`, check it out with the JavaScript SDK (v3), meet a
// refusal, and ask the server why it refused. Prints what it saw as JSON.
import { randomUUID } from "node:crypto";
import { CheckoutLicenseCommand, LicenseManagerClient } from "@aws-sdk/client-license-manager";

const endpoint = process.env.LICENSEMGR_ENDPOINT || "http://localhost:5000";

// An AWS Marketplace license with one seat, for the account the server's callers act as.
const seeded = await fetch(`${endpoint}/licensemgr-mock/seed-license`, {
  method: "POST",
  body: JSON.stringify({
    product_sku: "js-sku",
    entitlements: [{ Name: "Seats", Unit: "Count", MaxCount: 1 }],
  }),
}).then((response) => response.json());

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

const first = await checkout();
let refused;
try {
  await checkout(); // the one seat is taken
} catch (error) {
  refused = error.name; // "NoEntitlementsAllowedException", as AWS says, without the cause
}
// The cause AWS does not tell: the server keeps it.
const { refusals } = await fetch(`${endpoint}/licensemgr-mock/refusals`).then((r) => r.json());

console.log(JSON.stringify({ seeded: seeded.arn, checkedOut: first.LicenseArn, refused, refusals }));
