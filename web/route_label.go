package web

// routeLabel is the name a route's latency and counts go under: its
// pattern, and "not found" for the catch-all pattern "/" that answers
// every address the site has no page for.
func routeLabel(pattern string) string {
	if pattern == "/" {
		return "not found"
	}
	return pattern
}
