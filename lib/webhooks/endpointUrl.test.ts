import { describe, expect, it } from "vitest";
import { checkEndpointUrl, type ResolveHost } from "./endpointUrl";

const resolver =
  (table: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const found = table[hostname];
    if (!found) throw new Error("ENOTFOUND");
    return found;
  };
const dns = resolver({
  "hooks.shop.example": ["93.184.216.34"],
  "rebind.example": ["93.184.216.34", "10.0.0.7"],
  "metadata.example": ["169.254.169.254"],
  localhost: ["127.0.0.1", "::1"],
});

describe("checkEndpointUrl", () => {
  it("live mode accepts https to public addresses", async () => {
    expect(await checkEndpointUrl("https://hooks.shop.example/webhooks", true, dns)).toBe(
      "https://hooks.shop.example/webhooks",
    );
    expect(await checkEndpointUrl("https://93.184.216.34:8443/x", true, dns)).toBe(
      "https://93.184.216.34:8443/x",
    );
  });

  it.each([
    ["http://hooks.shop.example/", "live mode needs https"],
    ["https://127.0.0.1/", "127.0.0.1"],
    ["https://localhost/", "127.0.0.1"],
    ["https://[::1]/", "::1"],
    ["https://10.1.2.3/", "10.1.2.3"],
    ["https://metadata.example/", "169.254.169.254"],
    ["https://rebind.example/", "10.0.0.7"],
    ["https://nowhere.example/", "could not be resolved"],
    ["https://user:pw@hooks.shop.example/", "user name"],
    ["ftp://hooks.shop.example/", "https"],
    ["not a url", "absolute"],
  ])("live mode refuses %s", async (url, reason) => {
    await expect(checkEndpointUrl(url, true, dns)).rejects.toMatchObject({
      code: expect.stringMatching(/^parameter_/),
      param: "url",
    });
    await expect(checkEndpointUrl(url, true, dns)).rejects.toThrow(reason);
  });

  it("test mode allows http and loopback, for local development", async () => {
    expect(await checkEndpointUrl("http://127.0.0.1:4000/hooks", false, dns)).toBe(
      "http://127.0.0.1:4000/hooks",
    );
    expect(await checkEndpointUrl("http://localhost:4000/hooks", false, dns)).toBe(
      "http://localhost:4000/hooks",
    );
    expect(await checkEndpointUrl("http://hooks.shop.example/", false, dns)).toBe(
      "http://hooks.shop.example/",
    );
  });

  it("test mode: private networks on the local chain's deployment, never link-local; public only elsewhere", async () => {
    expect(await checkEndpointUrl("http://10.0.0.5/", false, dns, true)).toBe("http://10.0.0.5/");
    await expect(checkEndpointUrl("http://metadata.example/", false, dns, true)).rejects.toThrow(
      "169.254.169.254",
    );
    await expect(checkEndpointUrl("http://[::7f00:1]/", false, dns, true)).rejects.toThrow(
      "link-local or reserved",
    );
    for (const url of ["http://10.0.0.5/", "http://127.0.0.1:4000/hooks", "http://[::1]/"]) {
      await expect(checkEndpointUrl(url, false, dns, false), url).rejects.toThrow(
        "test webhooks go to public addresses too",
      );
    }
  });
});
