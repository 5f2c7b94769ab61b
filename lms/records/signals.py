from django.dispatch import Signal

# Sent once a course completion has been committed; receivers get `completion_id`
# and should only enqueue their own work (badges, certificates) from it.
course_completed = Signal()
