"""Thanks from readers: a signed-in employee's private thank-you to a story's authors."""
