"""Instructor tools, kept apart from what notebooks import.

    python -m course_utils.instructor.run PATH...       execute notebooks, store outputs, print timings
    python -m course_utils.instructor.portability PATH...  check every claim across seeds and CPU instruction sets
    python -m course_utils.instructor.release [--check]  build exercises/ from solutions/
    python -m course_utils.instructor.data [--check]     rebuild data/ byte for byte
    python -m course_utils.instructor.links [--check]    write the Colab and Binder links
    python -m course_utils.instructor.twins [--from-twins] PATH...  notebooks' py:percent twins, both ways
"""
