package payoutgw

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDialRefusesIncompleteTLSSettings(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opt  Option
		want string
	}{
		{"certificate without key", WithClientCertificate(filepath.Join(dir, "c.pem"), ""), "go together"},
		{"missing CA file", WithCAFile(filepath.Join(dir, "none.pem")), "CA file"},
		{"CA file without PEM", WithCAFile(notPEM), "holds no PEM certificate"},
		{"unreadable key pair", WithClientCertificate(notPEM, notPEM), "client certificate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			client, err := Dial(context.Background(), "127.0.0.1:1", c.opt)
			if err == nil {
				client.Close()
				t.Fatal("dialed")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestDialWithoutTLSIsLocal(t *testing.T) {
	s := newSettings(nil)
	creds, err := s.transportCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if got := creds.Info().SecurityProtocol; got != "local" {
		t.Errorf("security protocol %q, want local", got)
	}
	if s.retry.MaxAttempts != 3 {
		t.Errorf("default attempts %d", s.retry.MaxAttempts)
	}
}
