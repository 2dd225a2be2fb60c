package sat

import (
	"fmt"
	"strconv"
	"time"
)

// ParseTimeout accepts a Go duration ("90s", "5m") or a plain number of
// seconds ("300", "2.5"), as SAT-competition scripts pass it; "" is 0.
func ParseTimeout(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if secs < 0 {
			return 0, fmt.Errorf("negative timeout %q", s)
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q (want seconds or e.g. 90s, 5m)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("negative timeout %q", s)
	}
	return d, nil
}
