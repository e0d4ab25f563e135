package main

import (
	"io"
	"os"
	"regexp"

	"github.com/aws/jsii-runtime-go"
)

// closeRuntime stops the jsii runtime (the node process behind aws-cdk-lib)
// without its spurious exit message. jsii-runtime-go waits for node twice,
// in Close and in a goroutine started with the process; the waiter that
// loses the race gets ECHILD ("waitid: no child processes") or "Wait was
// already called" and prints "Runtime process exited abnormally" although
// node exited cleanly, in about a third of the runs. While Close runs,
// standard error goes through a filter that drops exactly that message;
// it then stays closed, so a late one from the losing goroutine is lost
// too. Everything else is passed on unchanged.
func closeRuntime() {
	real := os.Stderr
	r, w, err := os.Pipe()
	if err != nil {
		jsii.Close()
		return
	}
	os.Stderr = w
	done := make(chan struct{})
	go func() {
		defer close(done)
		data, _ := io.ReadAll(r)
		_, _ = real.Write(dropWaitRace(data))
	}()
	jsii.Close()
	_ = w.Close()
	<-done
}

// The message as jsii prints it: no newline of its own.
var waitRace = regexp.MustCompile(`Runtime process exited abnormally: (waitid: no child processes|wait: no child processes|exec: Wait was already called)\n?`)

// dropWaitRace removes the lost-race exit messages; a real abnormal exit
// (a signal, an exit status) is kept.
func dropWaitRace(b []byte) []byte {
	return waitRace.ReplaceAll(b, nil)
}
