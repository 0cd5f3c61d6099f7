package picture

import (
	"fmt"
	"html"
	"io"
	"strings"
	"time"
)

var colors = map[State]string{
	Running:  "#2e9d4f",
	Runnable: "#e8c547",
	IO:       "#3b7dd8",
	Blocked:  "#d9534f",
	Sleeping: "#b0b0b0",
}

// legendOrder is the order states appear in the legend.
var legendOrder = []State{Running, Runnable, IO, Blocked, Sleeping}

const (
	labelWidth = 220
	plotWidth  = 900
	laneHeight = 18
	laneGap    = 4
	top        = 64
)

// WriteSVG draws the timeline: one lane per goroutine, coloured by what it
// was doing, with a time axis and a legend, as one self-contained SVG.
func WriteSVG(w io.Writer, t *Timeline, title string) error {
	height := top + len(t.Lanes)*(laneHeight+laneGap) + 48
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n",
		labelWidth+plotWidth+20, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="10" y="20" font-size="15" font-weight="bold">%s</text>`+"\n", html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="10" y="40">%d goroutine(s) ran the exercise's code; at most %d waited on I/O at once, at most %d ran at once.</text>`+"\n",
		len(t.Lanes), t.MostAtOnce(IO), t.MostAtOnce(Running))
	x := 10
	for _, s := range legendOrder {
		fmt.Fprintf(&b, `<rect x="%d" y="48" width="12" height="10" fill="%s"/><text x="%d" y="57">%s</text>`+"\n", x, colors[s], x+16, s)
		x += 110
	}
	scale := func(d time.Duration) float64 {
		if t.End <= 0 {
			return 0
		}
		return float64(labelWidth) + float64(d)/float64(t.End)*plotWidth
	}
	for i, l := range t.Lanes {
		y := top + i*(laneHeight+laneGap)
		fmt.Fprintf(&b, `<g class="lane" data-goroutine="%d">`+"\n", l.ID)
		fmt.Fprintf(&b, `<text x="10" y="%d">goroutine %d %s</text>`+"\n", y+13, l.ID, html.EscapeString(short(l.Name, 24)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#f4f4f4"/>`+"\n", labelWidth, y, plotWidth, laneHeight)
		for _, s := range l.Segments {
			x0, x1 := scale(s.From), scale(s.To)
			if x1-x0 < 0.5 {
				x1 = x0 + 0.5 // keep short bursts visible
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s to %s</title></rect>`+"\n",
				x0, y, x1-x0, laneHeight, colors[s.State], s.State, round(s.From), round(s.To))
		}
		b.WriteString("</g>\n")
	}
	axisY := top + len(t.Lanes)*(laneHeight+laneGap) + 14
	for i := 0; i <= 10; i++ {
		d := t.End * time.Duration(i) / 10
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s</text>`+"\n", scale(d), axisY, round(d))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
