//go:build !unix || !cgo

package main

func limitThreads() {}
