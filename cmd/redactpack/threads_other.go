//go:build !unix

package main

func limitThreads() {}
