package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/careerpath/careerpath/web"
)

// securityFlags are serve's flags for the server's defences.
type securityFlags struct {
	web.Security
}

// register adds the flags to fset, with defaults from the environment.
func (f *securityFlags) register(fset *flag.FlagSet) error {
	fset.DurationVar(&f.RequestTimeout, "request-timeout", 30*time.Second, "answer 503 to a request, database calls included, still running after `duration`")
	fset.Float64Var(&f.APIRate, "api-rate", 50, "requests a second each client address may make under /api/ (burst --api-burst; negative: no limit)")
	fset.IntVar(&f.APIBurst, "api-burst", 200, "requests a client address may make at once under /api/")
	fset.StringVar(&f.MetricsAddr, "metrics-addr", "", "serve /metrics on `address` only, not on --addr")
	envs := map[string]string{"request-timeout": "CAREERPATH_REQUEST_TIMEOUT", "api-rate": "CAREERPATH_API_RATE",
		"api-burst": "CAREERPATH_API_BURST", "metrics-addr": "CAREERPATH_METRICS_ADDR"}
	for name, env := range envs {
		if v := os.Getenv(env); v != "" {
			if err := fset.Set(name, v); err != nil {
				return fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	}
	// A secret is read from the environment only, never from a flag
	// (which other users of the machine can see in the process list).
	f.MetricsToken = os.Getenv("CAREERPATH_METRICS_TOKEN")
	return nil
}
