package katatest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"syscall"
)

// Network is an in-memory network for HTTP servers and clients that run
// inside a testing/synctest bubble. Every connection is a net.Pipe, whose
// reads and writes wait on channels, so a goroutine waiting for an answer
// is durably blocked and the bubble's clock moves on: a server that
// answers after a timer of 420 ms answers after exactly 420 ms of virtual
// time, on any machine, in no real time. Real sockets (httptest on
// loopback) cannot do that: a goroutine waiting on one is not durably
// blocked, so the bubble's clock would never move.
//
// Listen a host, serve it with an http.Server, and give the clients an
// http.Transport whose DialContext is the Network's:
//
//	var n katatest.Network
//	l := n.Listen("api.test")
//	srv := &http.Server{Handler: h}
//	go srv.Serve(l)
//	client := &http.Client{Transport: &http.Transport{DialContext: n.DialContext}}
//	client.Get("http://api.test/...")
//
// Create the Network, its servers and its transports inside the bubble,
// and close them all (srv.Close, Transport.CloseIdleConnections) before
// the bubble's function returns. The zero Network is ready to use.
type Network struct {
	mu        sync.Mutex
	listeners map[string]*Listener // by "host:port"
}

// Listen returns a listener for host ("api.test", or "api.test:8080"; the
// port is 80 when host has none). A client of the Network reaches it at
// http://host.
func (n *Network) Listen(host string) *Listener {
	addr := host
	if _, _, err := net.SplitHostPort(host); err != nil {
		addr = net.JoinHostPort(host, "80")
	}
	l := &Listener{addr: memAddr(addr), conns: make(chan net.Conn), closed: make(chan struct{})}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.listeners == nil {
		n.listeners = make(map[string]*Listener)
	}
	n.listeners[addr] = l
	return l
}

// DialContext connects to the listener at addr ("host:port"), for an
// http.Transport's DialContext. It waits until the listener accepts, ctx
// ends, or the listener closes (then the error is ECONNREFUSED).
func (n *Network) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	n.mu.Lock()
	l := n.listeners[addr]
	n.mu.Unlock()
	if l == nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("no listener at %s in the test's network", addr)}
	}
	return l.dial(ctx, network)
}

// Listener is a net.Listener of a Network.
type Listener struct {
	addr   memAddr
	conns  chan net.Conn // the server's ends of new connections
	closed chan struct{}
	once   sync.Once
}

// Accept waits for the next connection.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops the listener: Accept returns net.ErrClosed, and new dials
// are refused. Connections already made stay open.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

// Addr returns the listener's address, "host:port".
func (l *Listener) Addr() net.Addr { return l.addr }

func (l *Listener) dial(ctx context.Context, network string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
	case <-ctx.Done():
		_ = client.Close()
		_ = server.Close()
		return nil, &net.OpError{Op: "dial", Net: network, Addr: l.addr, Err: ctx.Err()}
	}
	_ = client.Close()
	_ = server.Close()
	return nil, &net.OpError{Op: "dial", Net: network, Addr: l.addr, Err: syscall.ECONNREFUSED}
}

// memAddr is the address of a Listener.
type memAddr string

func (a memAddr) Network() string { return "mem" }
func (a memAddr) String() string  { return string(a) }
