"""docgen serve: the web app through which office staff fill in, check, issue and find their documents.

It is a face like the CLI: it calls the same validation, rendering and register as `docgen`, and adds
only pages, forms and a JSON API. app.create_app builds it; security.py holds what keeps it to this
machine (host allow-list, CSRF, content security policy) until accounts exist.
"""
