"""What an author's erasure does to stories: the list on the confirmation page, the
unpublishing of their own stories, and their team stories left with the co-authors."""
