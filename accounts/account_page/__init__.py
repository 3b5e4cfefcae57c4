"""The account page (accounts.md §5 Account detail): header, business info, contacts, products,
timeline, and the slots other areas' panels load into."""
