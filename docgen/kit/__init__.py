"""The document kit: a type's templates built from its structure.yaml and wording.<locale>.yaml.

One locale-free structure (blocks) and one wording file per locale make both the
HTML template and the DOCX template, so the Word and the HTML/PDF versions of a
document cannot drift apart. See source.py for the file format.
"""
