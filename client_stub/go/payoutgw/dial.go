package payoutgw

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/local"
)

// Option configures Dial, or New (which uses only WithRetry and
// WithCallTimeout).
type Option func(*settings)

type settings struct {
	caFile, certFile, keyFile, serverName string
	retry                                 RetryOptions
	callTimeout                           time.Duration
	dialOptions                           []grpc.DialOption
}

// WithCAFile trusts the gateway certificates signed by the CA(s) in this PEM
// file instead of the system's roots. It turns TLS on.
func WithCAFile(path string) Option {
	return func(s *settings) { s.caFile = path }
}

// WithClientCertificate presents this certificate and key (PEM files) to
// the gateway: mutual TLS, which the gateway needs when it runs with
// --tls_client_ca_file. The files are read again at each new connection,
// so a rotated certificate is picked up without a restart. It turns TLS on.
func WithClientCertificate(certFile, keyFile string) Option {
	return func(s *settings) { s.certFile, s.keyFile = certFile, keyFile }
}

// WithServerName checks the gateway's certificate against this name instead
// of the host in the address (e.g. when dialing an IP or a load balancer).
// It turns TLS on.
func WithServerName(name string) Option {
	return func(s *settings) { s.serverName = name }
}

// WithRetry sets how calls follow the gateway's retry hints.
func WithRetry(r RetryOptions) Option {
	return func(s *settings) { s.retry = r }
}

// WithCallTimeout bounds each unary call, its retries included, when the
// context has no deadline of its own (default 30s). The gateway bounds its
// upstream work by the same deadline.
func WithCallTimeout(d time.Duration) Option {
	return func(s *settings) { s.callTimeout = d }
}

// WithDialOptions passes further options to grpc.DialContext (e.g.
// grpc.WithBlock, interceptors).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(s *settings) { s.dialOptions = append(s.dialOptions, opts...) }
}

func newSettings(opts []Option) *settings {
	s := &settings{callTimeout: 30 * time.Second}
	for _, opt := range opts {
		opt(s)
	}
	s.retry = s.retry.withDefaults()
	return s
}

// Dial connects to the gateway at address (e.g. "payout-gateway:50051").
// With any TLS option (WithCAFile, WithClientCertificate, WithServerName)
// the connection uses TLS 1.2 or later; without, it is plaintext that gRPC
// allows only to a loopback address (local credentials), for development
// against a gateway run with --plaintext. Like grpc.DialContext, it does
// not wait for the connection unless asked (grpc.WithBlock).
func Dial(ctx context.Context, address string, opts ...Option) (*Client, error) {
	s := newSettings(opts)
	creds, err := s.transportCredentials()
	if err != nil {
		return nil, err
	}
	dialOptions := append([]grpc.DialOption{grpc.WithTransportCredentials(creds)},
		s.dialOptions...)
	conn, err := grpc.DialContext(ctx, address, dialOptions...)
	if err != nil {
		return nil, fmt.Errorf("payoutgw: dial %s: %w", address, err)
	}
	c := newClient(conn, s)
	c.conn = conn
	return c, nil
}

func (s *settings) transportCredentials() (credentials.TransportCredentials, error) {
	if s.caFile == "" && s.certFile == "" && s.keyFile == "" && s.serverName == "" {
		return local.NewCredentials(), nil
	}
	config := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: s.serverName}
	if s.caFile != "" {
		pool, err := readCAFile(s.caFile)
		if err != nil {
			return nil, err
		}
		config.RootCAs = pool
	}
	if s.certFile != "" || s.keyFile != "" {
		if s.certFile == "" || s.keyFile == "" {
			return nil, errors.New("payoutgw: the client certificate and its key go together")
		}
		// Fail now on an unusable pair rather than at the first handshake.
		if _, err := loadKeyPair(s.certFile, s.keyFile); err != nil {
			return nil, err
		}
		certFile, keyFile := s.certFile, s.keyFile
		config.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			return loadKeyPair(certFile, keyFile)
		}
	}
	return credentials.NewTLS(config), nil
}

func readCAFile(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("payoutgw: CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("payoutgw: CA file %s holds no PEM certificate", path)
	}
	return pool, nil
}

// loadKeyPair reads the client certificate; its errors name the files,
// never their content.
func loadKeyPair(certFile, keyFile string) (*tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("payoutgw: client certificate %s / key %s: %w", certFile, keyFile, err)
	}
	return &cert, nil
}
