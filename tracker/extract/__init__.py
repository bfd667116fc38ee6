"""`tracker extract`: a first draft of records from an article or a press release. ``text.py``
splits the text into sentences (every quote is a verbatim slice of it), ``dates.py`` finds
dates and holds the dating rule, ``rules.py`` proposes records, ``draft.py`` turns proposals
into a dataset folder that validates, ``output.py`` writes them as JSON or CSV."""
