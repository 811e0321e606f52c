"""The foundation every layer shares: settings, errors, the answer record, the text lexicon.

It imports none of the other packages."""
