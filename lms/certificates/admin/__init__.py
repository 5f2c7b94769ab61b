"""The Wagtail admin for certificates: each council's design (with a PDF preview) and the
list of certificates, where a failed one shows why and can be rendered again."""
