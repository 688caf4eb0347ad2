//go:build unix

package interrupt

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestNotify sends this process the signals: the first cancels
// the context, a copy of it within Same changes nothing, and a
// second request after that closes Now.
func TestNotify(t *testing.T) {
	ctx, stop := Notify(context.Background(), func() { t.Error("gave up") })
	defer stop()
	now := Now(ctx)
	if now == nil {
		t.Fatal("no Now channel")
	}
	self := os.Getpid()
	syscall.Kill(self, syscall.SIGINT)
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGINT did not cancel the context")
	}
	syscall.Kill(self, syscall.SIGTERM) // the same request, again
	select {
	case <-now:
		t.Fatal("a copy of the first signal was taken as a second request")
	case <-time.After(200 * time.Millisecond):
	}
	time.Sleep(Same)
	syscall.Kill(self, syscall.SIGINT)
	select {
	case <-now:
	case <-time.After(5 * time.Second):
		t.Fatal("a second request did not close Now")
	}
	// stop, deferred, cancels the grace timer; had it fired, giveUp
	// would fail the test.
}
