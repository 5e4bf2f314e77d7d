"""Generated test and benchmark corpora (article pages, PDFs, Word files), each
with the text a reader would expect: the ground truth the importers are scored on."""
