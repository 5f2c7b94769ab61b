"""Views: public pages and feeds, learners' downloads, verification."""
