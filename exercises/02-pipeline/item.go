package pipeline

// Item is one piece of work: the Seq-th item (counting from 0) that
// producer number Producer made. Items are made by the produce function
// that Run receives, and only there.
type Item struct {
	Producer int
	Seq      int
}
