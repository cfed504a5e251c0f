// Opens a client: plaintext, TLS or mTLS.

import { credentials, type ChannelCredentials, type ChannelOptions } from "@grpc/grpc-js";

import { type ClientOptions, PayoutClient } from "./client";

/** How to reach the gateway. */
export interface ConnectOptions extends ClientOptions {
  /**
   * PEM of the CA that signed the gateway's certificate (the contents, not
   * a path). Turns TLS on.
   */
  ca?: Buffer | string;
  /** PEM client certificate chain, for mTLS; needs `key`. Turns TLS on. */
  cert?: Buffer | string;
  /** PEM private key of `cert`. */
  key?: Buffer | string;
  /** The name the gateway's certificate must hold, when the address does not. */
  serverName?: string;
  /** TLS with the system's trusted CAs (when none of ca/cert/key is given). */
  tls?: boolean;
}

/**
 * A client of the gateway at `address` (`host:port`). Without `ca`, `cert`,
 * `key` or `tls` the connection is plaintext: only for a gateway on
 * loopback, in development.
 */
export function connect(address: string, options: ConnectOptions = {}): PayoutClient {
  if (typeof address !== "string" || address.trim() === "") {
    throw new TypeError("connect() needs the gateway's address, host:port");
  }
  const { ca, cert, key, serverName, tls, retry, channelOptions } = options;
  const wantsTls = tls === true || ca !== undefined || cert !== undefined || key !== undefined;
  if (tls === false && wantsTls) throw new TypeError("tls: false contradicts ca, cert or key");
  let creds: ChannelCredentials = credentials.createInsecure();
  const extra: ChannelOptions = {};
  if (wantsTls) {
    if ((cert === undefined) !== (key === undefined)) {
      throw new TypeError("cert and key go together (mTLS)");
    }
    creds = credentials.createSsl(
      pem(ca, "ca"),
      pem(key, "key"),
      pem(cert, "cert"),
    );
    if (serverName !== undefined) {
      if (typeof serverName !== "string" || serverName === "") {
        throw new TypeError("serverName must be a host name");
      }
      extra["grpc.ssl_target_name_override"] = serverName;
      extra["grpc.default_authority"] = serverName;
    }
  } else if (serverName !== undefined) {
    // A name to check means a certificate to check: never fall back to
    // plaintext silently.
    throw new TypeError("serverName needs TLS: give ca (and cert, key for mTLS) or tls: true");
  }
  return new PayoutClient(address, creds, { retry, channelOptions: { ...channelOptions, ...extra } });
}

/** PEM contents as a Buffer; null when not given. */
function pem(value: Buffer | string | undefined, name: string): Buffer | null {
  if (value === undefined) return null;
  const bytes = typeof value === "string" ? Buffer.from(value) : value;
  if (!Buffer.isBuffer(bytes) || !bytes.includes("-----BEGIN ")) {
    // The value itself is never repeated: it may be a private key.
    throw new TypeError(`${name} must be PEM contents (read the file first), not a path`);
  }
  return bytes;
}
