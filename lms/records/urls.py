from django.urls import path

from lms.records import views

urlpatterns = [path("my-learning/", views.my_learning_view, name="my_learning")]
