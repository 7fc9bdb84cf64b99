// Ticking an option disables the options it excludes at once (same exclusion group), says why,
// and asks for the new counts; without script the server does the same on submit.
(function () {
  var form = document.getElementById('finder');
  if (!form) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="tag"]'));
  function apply() {
    boxes.forEach(function (box) {
      var group = box.getAttribute('data-group');
      if (!group) return;
      var holder = boxes.filter(function (other) { return other !== box && other.checked && other.getAttribute('data-group') === group; })[0];
      var label = box.closest('label');
      var reason = label.querySelector('.reason');
      box.disabled = Boolean(holder);
      label.classList.toggle('excluded', Boolean(holder));
      if (holder) {
        if (!reason) { reason = document.createElement('small'); reason.className = 'reason'; label.appendChild(reason); }
        reason.textContent = '与已选的“' + holder.getAttribute('data-name') + '”互斥';
      } else if (reason) {
        reason.remove();
      }
    });
  }
  boxes.forEach(function (box) {
    box.addEventListener('change', function () { apply(); form.submit(); });
  });
})();
