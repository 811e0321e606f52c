"""The foundation every layer shares: settings, errors, the answer record, the text lexicon. Imports none of the other packages."""
