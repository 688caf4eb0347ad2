// Package interrupt turns a user's requests to stop (Ctrl-C, SIGTERM)
// into what a batch needs: a first request cancels a context, so that no
// further work starts and what is finished is saved; a second one, at
// least a moment later, says to stop waiting for work in progress.
package interrupt

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Same is how soon after the first a SIGINT or SIGTERM is taken for
// another copy of it rather than a second request. One Ctrl-C or kill
// often arrives twice: timeout(1) and systemd signal the process and then
// its whole group, a terminal signals every process in its group, and when
// the first copy has been handled before the second is sent the kernel
// delivers both, microseconds apart.
const Same = time.Second

// Grace is how long the program may take, after a second request to
// stop, to save what it finished before it exits anyway.
const Grace = 3 * time.Second

// Notify returns a context that the first SIGINT or SIGTERM
// cancels: the batch then starts no further image, lets those in progress
// end (OCR that can be cancelled is), saves its manifest and says so. A
// second request, at least Same later, also closes the context's
// [Now] channel, so that the batch stops waiting for the images in
// progress (something may hang) and saves what is finished; should the
// program still be running Grace later, giveUp is called (it exits).
// Until stop is called, no signal ends the program by its default action:
// that used to happen when a second copy of the first signal came after
// the handler had been removed, killing the process with nothing saved.
func Notify(parent context.Context, giveUp func()) (ctx context.Context, stop func()) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(parent)
	now := make(chan struct{})
	ctx = WithNow(ctx, now)
	quit, quitted := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(quitted)
		var first time.Time
		var grace *time.Timer
		for {
			select {
			case <-sigs:
			case <-quit:
				if grace != nil {
					grace.Stop()
				}
				return
			}
			switch {
			case first.IsZero():
				first = time.Now()
				cancel()
			case time.Since(first) < Same, grace != nil:
				// The same request delivered again, or one already
				// being carried out.
			default:
				close(now)
				grace = time.AfterFunc(Grace, giveUp)
			}
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(quit)
		<-quitted
		cancel()
	}
}

// nowKey is the context key of the channel closed by a second request to
// stop (Notify).
type nowKey struct{}

// WithNow returns ctx with ch as its [Now] channel.
func WithNow(ctx context.Context, ch <-chan struct{}) context.Context {
	return context.WithValue(ctx, nowKey{}, ch)
}

// Now returns the channel closed when the user asked a second time to
// stop, or nil (which never fires) when ctx has none.
func Now(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(nowKey{}).(<-chan struct{})
	return ch
}
