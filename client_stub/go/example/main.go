// Pays out through the gateway from Go: creates and processes a payout, then
// shows how to read an error's hint.
//
//	go run ./example GATEWAY_ADDRESS REFERENCE_ID
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	payoutv1 "payout-gateway/client_stub/go/corefy/payout/v1"
)

// hintOf returns the gateway's RetryHint of a failed call, if any.
func hintOf(err error) *payoutv1.RetryHint {
	for _, detail := range status.Convert(err).Details() {
		if hint, ok := detail.(*payoutv1.RetryHint); ok {
			return hint
		}
	}
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: example GATEWAY_ADDRESS REFERENCE_ID")
		os.Exit(2)
	}
	conn, err := grpc.Dial(os.Args[1], grpc.WithInsecure())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	client := payoutv1.NewPayoutGatewayServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	create := &payoutv1.CreatePayoutInvoiceRequest{
		ReferenceId: os.Args[2],
		Service:     "test_usd",
		Currency:    "USD",
		Amount:      "12.34",
		Fields:      map[string]string{"account": "4000123456"},
	}
	invoice, err := client.CreatePayoutInvoice(ctx, create)
	if err != nil {
		fmt.Fprintln(os.Stderr, "create:", err)
		os.Exit(1)
	}
	processed, err := client.ProcessPayoutInvoice(ctx,
		&payoutv1.ProcessPayoutInvoiceRequest{Id: invoice.Id})
	if err != nil {
		fmt.Fprintln(os.Stderr, "process:", err)
		os.Exit(1)
	}
	fmt.Printf("paid %s (%s)\n", processed.Id, processed.UpstreamStatus)

	// The same reference id for another amount: the gateway refuses and its
	// hint says which invoice holds the reference id.
	create.Amount = "99.00"
	_, err = client.CreatePayoutInvoice(ctx, create)
	hint := hintOf(err)
	if status.Code(err).String() != "AlreadyExists" || hint == nil {
		fmt.Fprintln(os.Stderr, "expected ALREADY_EXISTS with a hint, got", err)
		os.Exit(1)
	}
	fmt.Printf("hint %s invoice %s\n", hint.Action, hint.InvoiceId)
}
